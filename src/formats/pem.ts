/**
 * PEM armour (RFC 7468): `-----BEGIN LABEL-----`, base64 of DER, `-----END LABEL-----`.
 *
 * Writing follows RFC 7468 §2 strictly: 64-character lines, LF line ends, a final newline.
 * Reading is lax where RFC 7468 §2 and §3 allow it and strict where a mistake would go unseen:
 * - accepted: CRLF/CR/LF line ends, spaces and tabs around and inside the base64 lines, text
 *   before, between and after blocks, several blocks in one input;
 * - refused with a message that names the problem: no BEGIN line ("not PEM"), a label other
 *   than the expected ones ("expected PRIVATE KEY, got CERTIFICATE"), BEGIN without END or
 *   with a different END label, END without BEGIN, an empty body, base64 with foreign
 *   characters, misplaced '=', a length not a multiple of 4 or non-zero padding bits.
 * RFC 1421 headers inside a block ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...", written by
 * `openssl ec -aes256`) are returned in `headers`, so key readers can refuse them by name.
 *
 * All errors are CryptoError SDR_INARGERR; the message starts with the calling function.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';

/** One armoured block. */
export interface PemBlock {
  readonly label: string;
  /** The decoded body, a fresh array. */
  readonly der: Uint8Array;
  /** RFC 1421 "Name: value" lines before the body (empty for RFC 7468 PEM). */
  readonly headers: ReadonlyMap<string, string>;
}

// RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ], labelchar = %x21-2C / %x2E-7E.
const LABEL = /^[\x21-\x2c\x2e-\x7e]+(?:[ -][\x21-\x2c\x2e-\x7e]+)*$/;
const BEGIN = /^-----BEGIN (.*)-----$/;
const END = /^-----END (.*)-----$/;
const B64 = /^[A-Za-z0-9+/]*$/;

/**
 * Armours `der` under `label`.
 * @throws TypeError if `der` is not a Uint8Array; RangeError for an invalid label.
 */
export function pemEncode(label: string, der: Uint8Array): string {
  if (typeof label !== 'string' || !LABEL.test(label)) throw new RangeError(`pemEncode: invalid label ${JSON.stringify(label)}`);
  if (!(der instanceof Uint8Array)) throw new TypeError('pemEncode: der must be a Uint8Array');
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** True when `input` (text, or bytes of text) contains a PEM BEGIN line. */
export function looksLikePem(input: string | Uint8Array): boolean {
  const text = typeof input === 'string' ? input : asText(input);
  return /-----BEGIN [^\r\n]*-----/.test(text);
}

/**
 * Every block in `input`, in order.
 * @throws CryptoError SDR_INARGERR if there is no block or any block is malformed.
 */
export function pemDecodeAll(input: string | Uint8Array): PemBlock[] {
  return readBlocks(input, 'pemDecodeAll');
}

/**
 * The one block whose label is among `expected`; blocks with other labels are skipped (a
 * key file may carry "EC PARAMETERS" first, a bundle a certificate).
 * @throws CryptoError SDR_INARGERR: not PEM, malformed PEM, no block with an expected label
 *   ("expected PRIVATE KEY, got CERTIFICATE"), or more than one.
 */
export function pemDecode(input: string | Uint8Array, expected: string | readonly string[]): PemBlock {
  return readPem(input, typeof expected === 'string' ? [expected] : expected, 'pemDecode');
}

/**
 * `pemDecode` with the caller's name in messages (for the key readers), which may also name
 * the label they expect (`shown`) rather than list every label they accept.
 */
export function readPem(input: string | Uint8Array, expected: readonly string[], what: string, shown?: string): PemBlock {
  const blocks = readBlocks(input, what);
  const hits = blocks.filter((b) => expected.includes(b.label));
  if (hits.length === 1) return hits[0]!;
  const want = shown ?? expected.join(' or ');
  if (hits.length === 0) {
    const got = [...new Set(blocks.map((b) => b.label))].join(', ');
    throw bad(what, `expected ${want}, got ${got}`);
  }
  throw bad(what, `found ${hits.length} ${want} blocks, expected one`);
}

function bad(what: string, msg: string): CryptoError {
  return new CryptoError('SDR_INARGERR', `${what}: ${msg}`);
}

/** Bytes as text: latin1 keeps every byte, and anything foreign then fails the base64 check. */
function asText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function readBlocks(input: string | Uint8Array, what: string): PemBlock[] {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input instanceof Uint8Array) text = asText(input);
  else throw new TypeError(`${what}: input must be a string or Uint8Array`);
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (END.test(line)) throw bad(what, `bad PEM: "${line}" without a BEGIN line (line ${i + 1})`);
    const m = BEGIN.exec(line);
    if (m === null) continue; // explanatory text (RFC 7468 §2)
    const label = m[1]!;
    if (!LABEL.test(label)) throw bad(what, `bad PEM: invalid label ${JSON.stringify(label)} (line ${i + 1})`);
    const start = i;
    const body: string[] = [];
    const headers = new Map<string, string>();
    let inHeaders = true;
    for (i++; ; i++) {
      if (i >= lines.length) throw bad(what, `bad PEM: BEGIN ${label} (line ${start + 1}) has no END line`);
      const l = lines[i]!.trim();
      const e = END.exec(l);
      if (e !== null) {
        if (e[1] !== label) throw bad(what, `bad PEM: BEGIN ${label} ended by END ${e[1]} (line ${i + 1})`);
        break;
      }
      if (BEGIN.test(l)) throw bad(what, `bad PEM: BEGIN inside ${label} (line ${i + 1}); missing END line`);
      // RFC 1421 §4.6 headers: "Name: value" lines, then a blank line, then the body.
      const h = inHeaders ? /^([A-Za-z0-9-]+):\s*(.*)$/.exec(l) : null;
      if (h !== null) {
        headers.set(h[1]!, h[2]!);
        continue;
      }
      inHeaders = false;
      body.push(l.replace(/[ \t]/g, ''));
    }
    blocks.push({ label, der: decodeBase64(body.join(''), label, what), headers });
  }
  if (blocks.length === 0) throw bad(what, 'not PEM (no -----BEGIN line)');
  return blocks;
}

/** Strict RFC 4648 §4 base64: alphabet, '=' only at the end, length % 4 == 0, zero pad bits. */
function decodeBase64(s: string, label: string, what: string): Uint8Array {
  if (s.length === 0) throw bad(what, `bad PEM: empty ${label} body`);
  const data = s.replace(/={1,2}$/, '');
  if (!B64.test(data)) {
    const c = /[^A-Za-z0-9+/]/.exec(data)![0];
    const shown = c === '=' ? "'=' before the end" : `character ${JSON.stringify(c)}`;
    throw bad(what, `bad base64 in ${label}: ${shown}`);
  }
  if (s.length % 4 !== 0) throw bad(what, `bad base64 in ${label}: length ${s.length} is not a multiple of 4`);
  const buf = Buffer.from(s, 'base64');
  // Buffer ignores non-zero bits in the last character; a canonical encoder never sets them.
  if (buf.toString('base64') !== s) throw bad(what, `bad base64 in ${label}: non-zero padding bits`);
  return new Uint8Array(buf);
}
