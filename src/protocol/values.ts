/**
 * Value lists: the arguments of a REQUEST and the outputs of a RESPONSE (docs/protocol.md).
 * `count (2)` then values tagged 1 u32, 2 bytes (length-prefixed), 3 absent.
 *
 * @module
 */
import { ProtocolError } from './frame.js';

export type WireValue = number | Uint8Array | null;

const TAG_U32 = 1;
const TAG_BYTES = 2;
const TAG_ABSENT = 3;

export function encodeValues(values: readonly WireValue[]): Uint8Array {
  let size = 2;
  for (const v of values) size += v === null ? 1 : typeof v === 'number' ? 5 : 5 + v.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, values.length);
  let off = 2;
  for (const v of values) {
    if (v === null) {
      out[off++] = TAG_ABSENT;
    } else if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`encodeValues: ${v} is not a u32`);
      out[off] = TAG_U32;
      dv.setUint32(off + 1, v);
      off += 5;
    } else {
      out[off] = TAG_BYTES;
      dv.setUint32(off + 1, v.length);
      out.set(v, off + 5);
      off += 5 + v.length;
    }
  }
  return out;
}

/** Decodes a whole value list; trailing bytes or truncation are protocol errors. */
export function decodeValues(buf: Uint8Array, offset = 0): WireValue[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length - offset < 2) throw new ProtocolError('value list truncated');
  const count = dv.getUint16(offset);
  let off = offset + 2;
  const values: WireValue[] = [];
  for (let i = 0; i < count; i++) {
    if (off >= buf.length) throw new ProtocolError('value list truncated');
    const tag = buf[off]!;
    if (tag === TAG_ABSENT) {
      values.push(null);
      off += 1;
    } else if (tag === TAG_U32) {
      if (off + 5 > buf.length) throw new ProtocolError('value list truncated');
      values.push(dv.getUint32(off + 1));
      off += 5;
    } else if (tag === TAG_BYTES) {
      if (off + 5 > buf.length) throw new ProtocolError('value list truncated');
      const len = dv.getUint32(off + 1);
      if (off + 5 + len > buf.length) throw new ProtocolError('value list truncated');
      values.push(buf.slice(off + 5, off + 5 + len));
      off += 5 + len;
    } else {
      throw new ProtocolError(`unknown value tag ${tag}`);
    }
  }
  if (off !== buf.length) throw new ProtocolError('trailing bytes after value list');
  return values;
}
