import { DecodeError } from './decode-error.js';

/** Protobuf wire types this reader meets in OTLP. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** One field of a protobuf message: its number and its raw value. */
export interface WireField {
  number: number;
  wireType: number;
  /** Varints (as bigint, they may be 64-bit), fixed64 and fixed32 values. */
  integer?: bigint;
  /** Length-delimited payloads (strings, bytes, nested messages, packed arrays). */
  bytes?: Uint8Array;
}

/**
 * Splits a protobuf message into its fields, in order. Unknown field numbers are kept for the caller
 * to ignore, as proto3 readers must; a truncated or malformed encoding throws a DecodeError.
 */
export function readFields(bytes: Uint8Array, path: string): WireField[] {
  const fields: WireField[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (offset >= bytes.length) throw new DecodeError(`${path}: truncated varint`, path);
      const byte = bytes[offset++];
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result & 0xffffffffffffffffn;
    }
    throw new DecodeError(`${path}: varint longer than 10 bytes`, path);
  };
  while (offset < bytes.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new DecodeError(`${path}: field number 0`, path);
    if (wireType === VARINT) fields.push({ number, wireType, integer: varint() });
    else if (wireType === FIXED64) {
      if (offset + 8 > bytes.length) throw new DecodeError(`${path}: truncated fixed64`, path);
      fields.push({ number, wireType, integer: view.getBigUint64(offset, true) });
      offset += 8;
    } else if (wireType === FIXED32) {
      if (offset + 4 > bytes.length) throw new DecodeError(`${path}: truncated fixed32`, path);
      fields.push({ number, wireType, integer: BigInt(view.getUint32(offset, true)) });
      offset += 4;
    } else if (wireType === LENGTH_DELIMITED) {
      const length = varint();
      if (length > BigInt(bytes.length - offset)) throw new DecodeError(`${path}: length past the end`, path);
      fields.push({ number, wireType, bytes: bytes.subarray(offset, offset + Number(length)) });
      offset += Number(length);
    } else {
      throw new DecodeError(`${path}: unsupported wire type ${wireType}`, path);
    }
  }
  return fields;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A string field's text; invalid UTF-8 is a malformed request, as protobuf requires. */
export function text(field: WireField, path: string): string {
  if (!field.bytes) throw new DecodeError(`${path} must be a string`, path);
  try {
    return utf8.decode(field.bytes);
  } catch {
    throw new DecodeError(`${path} is not valid UTF-8`, path);
  }
}

/** A length-delimited field's bytes. */
export function payload(field: WireField, path: string): Uint8Array {
  if (!field.bytes) throw new DecodeError(`${path} must be length-delimited`, path);
  return field.bytes;
}

/** A varint or fixed field's value. */
export function integer(field: WireField, path: string): bigint {
  if (field.integer === undefined) throw new DecodeError(`${path} must be a number`, path);
  return field.integer;
}

/** Bytes as lowercase hex (OTLP JSON spells trace and span ids this way). */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
