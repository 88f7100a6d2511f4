// How a figure file runs: `node bench/figures/<name>.js [--quick] [--out result.json]` calls its
// `run({ quick })` and writes the result; run.js does the same for every figure, each in its own
// process so no figure inherits another's heap or JIT state.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isQuick, outFile } from './stats.js';

/** Runs `run` when `moduleUrl` is the script node was started with. */
export async function runIfMain(moduleUrl, run) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const result = await run({ quick: isQuick() });
  const out = outFile();
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
