/**
 * Strict DER checks that the ASN.1 library does not make, and the INTEGER <-> fixed-width
 * unsigned conversions the SM2 encodings need. Internal to formats/.
 *
 * Why by hand: @peculiar/asn1-schema (over asn1js) decodes BER leniently. Measured on 2.11.1:
 * it accepts trailing bytes after the top-level value, a SEQUENCE whose length disagrees with
 * its content, non-minimal and negative INTEGERs (they come back as raw content bytes), and
 * non-zero BIT STRING unused-bit counts (silently dropped). For signatures that leniency is
 * malleability, and for every input it hides what is wrong. So each input is first walked here
 * (X.690 §10 / §11 rules: definite, minimal lengths; primitive strings; minimal INTEGERs;
 * zero BIT STRING padding; no trailing bytes) and only then mapped by the library schema, and
 * the mapped object must re-encode to the same bytes (nothing was dropped or reinterpreted).
 *
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';

/** Reports a malformed encoding; the caller's closure picks the error code and prefix. */
export type Fail = (reason: string) => never;

/** One decoded TLV: offsets into the input; children for constructed values. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
  readonly children: readonly Tlv[];
}

/** Universal tags we name in messages. */
export const TAG = Object.freeze({
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const);

const MAX_DEPTH = 16;

/** Reads one TLV at `off` that must end by `limit`, checking DER rules recursively. */
function readTlv(buf: Uint8Array, off: number, limit: number, depth: number, fail: Fail): Tlv {
  if (off >= limit) fail('truncated (expected a tag)');
  const tag = buf[off]!;
  if ((tag & 0x1f) === 0x1f) fail(`unexpected high-number tag 0x${tag.toString(16)}`);
  if (off + 1 >= limit) fail('truncated (expected a length)');
  const l0 = buf[off + 1]!;
  let len: number;
  let hdr: number;
  if (l0 < 0x80) {
    len = l0;
    hdr = 2;
  } else if (l0 === 0x80) {
    fail('indefinite length (BER, not DER)');
  } else {
    const n = l0 & 0x7f;
    if (n > 4) fail(`length field of ${n} bytes is too long`);
    if (off + 2 + n > limit) fail('truncated length field');
    if (buf[off + 2] === 0) fail('non-minimal length (leading zero byte)');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + 2 + i]!;
    if (len < 0x80) fail('long-form length where the short form fits');
    hdr = 2 + n;
  }
  const contentStart = off + hdr;
  const end = contentStart + len;
  if (end > limit) fail(`truncated: a length of ${len} runs past the end of its container`);
  const constructed = (tag & 0x20) !== 0;
  const children: Tlv[] = [];
  if (constructed) {
    if (tag === 0x23 || tag === 0x24) fail('constructed BIT/OCTET STRING (BER, not DER)');
    if (depth >= MAX_DEPTH) fail('nested too deeply');
    for (let p = contentStart; p < end; ) {
      const child = readTlv(buf, p, end, depth + 1, fail);
      children.push(child);
      p = child.end;
    }
  } else {
    checkPrimitive(buf, tag, contentStart, len, fail);
  }
  return { tag, start: off, contentStart, end, children };
}

function checkPrimitive(buf: Uint8Array, tag: number, c: number, len: number, fail: Fail): void {
  switch (tag) {
    case TAG.BOOLEAN:
      if (len !== 1 || (buf[c] !== 0 && buf[c] !== 0xff)) fail('BOOLEAN is not 00 or FF');
      return;
    case TAG.INTEGER:
      if (len === 0) fail('empty INTEGER');
      if (len > 1) {
        const b0 = buf[c]!;
        const b1 = buf[c + 1]!;
        if ((b0 === 0x00 && b1 < 0x80) || (b0 === 0xff && b1 >= 0x80)) fail('non-minimal INTEGER encoding');
      }
      return;
    case TAG.BIT_STRING: {
      if (len === 0) fail('empty BIT STRING');
      const unused = buf[c]!;
      if (unused > 7 || (len === 1 && unused !== 0)) fail(`BIT STRING with ${unused} unused bits`);
      if (unused !== 0 && (buf[c + len - 1]! & ((1 << unused) - 1)) !== 0) fail('BIT STRING padding bits are not zero');
      return;
    }
    case TAG.NULL:
      if (len !== 0) fail('NULL with content');
      return;
    case TAG.OID:
      if (len === 0 || (buf[c + len - 1]! & 0x80) !== 0) fail('malformed OBJECT IDENTIFIER');
      for (let i = 0; i < len; i++) {
        // A subidentifier never starts with 0x80 (X.690 §8.19.2).
        if (buf[c + i] === 0x80 && (i === 0 || (buf[c + i - 1]! & 0x80) === 0)) fail('non-minimal OBJECT IDENTIFIER');
      }
      return;
    case 0x10:
    case 0x11:
      fail('primitive SEQUENCE/SET');
  }
}

/** Walks a complete DER value: one TLV covering the whole input, all rules checked. */
export function parseDer(der: Uint8Array, fail: Fail): Tlv {
  if (der.length === 0) fail('empty input');
  const root = readTlv(der, 0, der.length, 0, fail);
  if (root.end !== der.length) fail(`${der.length - root.end} trailing bytes after the DER value`);
  return root;
}

/** Content bytes of a TLV (a view, not a copy). */
export function content(der: Uint8Array, tlv: Tlv): Uint8Array {
  return der.subarray(tlv.contentStart, tlv.end);
}

/** Throws unless the TLV has this tag. */
export function expectTag(tlv: Tlv | undefined, tag: number, what: string, fail: Fail): Tlv {
  if (tlv === undefined) fail(`missing ${what}`);
  if (tlv.tag !== tag) fail(`expected ${what} (tag 0x${hex2(tag)}), got tag 0x${hex2(tlv.tag)}`);
  return tlv;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Maps checked DER onto a library schema and proves the mapping lossless: the object must
 * serialize back to exactly `der`. A difference means the schema skipped or reinterpreted
 * something (an extra field, a dropped unused-bits count), which we refuse.
 *
 * `shapeChecked`: the caller has already checked every element's tag and count against the
 * schema, and the schema has no optional, defaulted or BIT STRING fields, so nothing can be
 * dropped and the re-encoding check is skipped (it costs as much as the parse).
 */
export function mapStrict<T>(der: Uint8Array, schema: new () => T, what: string, fail: Fail, shapeChecked = false): T {
  let obj: T;
  try {
    obj = AsnConvert.parse(der, schema);
  } catch {
    fail(`not a ${what}`);
  }
  if (shapeChecked) return obj;
  const again = new Uint8Array(AsnConvert.serialize(obj));
  if (!sameBytes(again, der)) fail(`unexpected content in ${what}`);
  return obj;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A non-negative DER INTEGER's content (already checked minimal) as exactly `size` big-endian
 * bytes. Negative values and values >= 2^(8*size) are refused.
 */
export function integerToFixed(intContent: Uint8Array, size: number, what: string, fail: Fail): Uint8Array {
  if ((intContent[0]! & 0x80) !== 0) fail(`${what} is a negative INTEGER`);
  const mag = intContent[0] === 0 ? intContent.subarray(1) : intContent;
  if (mag.length > size) fail(`${what} does not fit in ${size} bytes (>= 2^${8 * size})`);
  const out = new Uint8Array(size);
  out.set(mag, size - mag.length);
  return out;
}

/** DER INTEGER content of the unsigned big-endian `value`: minimal, with a 00 if the top bit is set. */
export function fixedToInteger(value: Uint8Array): Uint8Array {
  let i = 0;
  while (i < value.length - 1 && value[i] === 0) i++;
  const mag = value.subarray(i);
  if (mag.length === 0) return new Uint8Array(1);
  if ((mag[0]! & 0x80) === 0) return mag.slice();
  const out = new Uint8Array(mag.length + 1);
  out.set(mag, 1);
  return out;
}

/** A Uint8Array's bytes as a fresh ArrayBuffer (what the library's schema fields hold). */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  const ab = new ArrayBuffer(b.length);
  new Uint8Array(ab).set(b);
  return ab;
}
