// Where a bundle's bytes come from, per module (a folder of src/): the minified bytes each module's
// files put in the output (the esbuild source map says which output columns came from which input),
// and the gzip bytes each module costs, measured by removal: gzip -9 of the whole output minus gzip -9
// of the output with that module's bytes cut out. Removal leaves invalid JavaScript, which gzip does
// not mind; it counts what the module's bytes cost among the rest, shared strings and all. The
// figures do not add up to the total: what two modules share (the same words) is counted in neither.
import { gzipSync } from 'node:zlib';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The source-map VLQ fields of one segment. */
function decodeSegment(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/**
 * For each byte of `code` (ASCII: a minified bundle), the index of the source it came from (-1 for
 * bytes with no source, the bundler's own helpers).
 */
function sourceOfEachByte(code, map) {
  const owner = new Int32Array(code.length).fill(-1);
  const lines = code.split('\n');
  let lineStart = 0;
  let source = 0;
  const mappingLines = map.mappings.split(';');
  for (let line = 0; line < lines.length; line++) {
    let column = 0;
    let previous;
    for (const segment of (mappingLines[line] ?? '').split(',')) {
      if (!segment) continue;
      const fields = decodeSegment(segment);
      column += fields[0];
      if (previous) owner.fill(previous.source, lineStart + previous.column, lineStart + column);
      if (fields.length >= 4) {
        source += fields[1];
        previous = { column, source };
      } else {
        previous = { column, source: -1 };
      }
    }
    if (previous) owner.fill(previous.source, lineStart + previous.column, lineStart + lines[line].length);
    lineStart += lines[line].length + 1;
  }
  return owner;
}

/**
 * Bytes per module of a bundle built with an external source map: `code` and `map` as esbuild wrote
 * them (Uint8Array and parsed JSON), `moduleOf(sourcePath)` names a source's module (or undefined to
 * leave it out). Returns rows `{ module, bytes, gzipBytes }`, largest gzip cost first.
 */
export function moduleBytes(code, map, moduleOf) {
  const text = Buffer.from(code).toString('latin1');
  const owner = sourceOfEachByte(text, map);
  const moduleIndex = map.sources.map((source) => moduleOf(source));
  const total = gzipSync(Buffer.from(text, 'latin1'), { level: 9 }).length;
  const modules = [...new Set(moduleIndex.filter((name) => name !== undefined))];
  const rows = modules.map((module) => {
    const kept = [];
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      if (owner[i] >= 0 && moduleIndex[owner[i]] === module) bytes++;
      else kept.push(text.charCodeAt(i));
    }
    return { module, bytes, gzipBytes: total - gzipSync(Buffer.from(kept), { level: 9 }).length };
  });
  return rows.sort((a, b) => b.gzipBytes - a.gzipBytes);
}
