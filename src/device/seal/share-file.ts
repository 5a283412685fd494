/**
 * Administrator share files and their printable ("words") form: how an M-of-N share of a
 * device secret (the master key at init; a backup key in `mima backup`) leaves the device and
 * comes back.
 *
 * **Share file** (one administrator, one file): a PEM-style text block with RFC 1421 header
 * lines in clear for people, and the share sealed under that administrator's passphrase
 * (passphrase.ts: PBKDF2-HMAC-SM3 → SM4-GCM). Every header value is bound into the seal's
 * associated data, so a file whose header was edited (another serial, share number, threshold)
 * fails to open exactly as a wrong passphrase does.
 *
 *     -----BEGIN MIMA SHARE-----
 *     Purpose: master-key
 *     Device-Serial: 20260101MIMA1B2C
 *     Share: 2 of 5
 *     Threshold: 3
 *     Reference: -
 *     Created: 2026-01-01T10:00:00.000Z
 *     Protection: PBKDF2-HMAC-SM3 (200000 iterations), SM4-GCM
 *
 *     TVBTMQADDUAA... (base64 of the passphrase.ts blob, 64 characters a line)
 *     -----END MIMA SHARE-----
 *
 * **Words** (printed on paper, no passphrase: the paper is the protection): the share bytes
 * as words of the BIP-0039 English list (wordlist.ts), 11 bits a word. The bit string is
 *
 *     length (1 byte: share length n) ‖ share (n bytes) ‖ checksum (c bits)
 *
 * with c the smallest number of bits ≥ 11 that makes the total a multiple of 11, and the
 * checksum the first c bits of SM3("mima/v1/share-words" ‖ length ‖ share). A 33-byte
 * master-key share (x ‖ 32 bytes) is 26 words with a 14-bit checksum: a mistyped word is
 * caught with probability 1 - 2^-14, and a share that passes but is wrong is still refused
 * by the device's master-key check value. Readers accept any case, extra spaces, line
 * numbers ("1." or "1)"), lines starting with '#', and each word's first four letters.
 *
 * A share itself is shamir.ts's x ‖ y; its first byte is the share number.
 *
 * @module
 */
import { concatBytes, utf8, wipe } from '../../algorithms/internal/bytes.js';
import type { RandomSource } from '../../algorithms/internal/random.js';
import { sm3 } from '../../algorithms/sm3/index.js';
import { CryptoError, isCryptoError } from '../../algorithms/internal/errors.js';
import { pemDecode, type PemBlock } from '../../formats/index.js';
import { openWithPassphrase, PASSPHRASE_ITERATIONS, sealWithPassphrase } from './passphrase.js';
import { wordList } from './wordlist.js';

/** The PEM label of a share file. */
export const SHARE_FILE_LABEL = 'MIMA SHARE';

/** What a share belongs to: shown in clear in the file and bound into its seal. */
export interface ShareInfo {
  /** What the shares reconstruct: 'master-key' (device init), 'backup-key' (backup), ... */
  purpose: string;
  /** Serial of the device the share belongs to. */
  serial: string;
  /** Share number, 1..count (the share's x-coordinate, its first byte). */
  number: number;
  threshold: number;
  count: number;
  /** A further identity of the share set, e.g. a backup's id; '-' when none. */
  reference: string;
  /** ISO time the share set was made. */
  createdAt: string;
}

/** A share file opened with its passphrase. */
export interface OpenedShare {
  info: ShareInfo;
  /** x ‖ y as shamir.ts writes it; the caller wipes it. */
  share: Uint8Array;
}

const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function checkInfo(info: ShareInfo, what: string): void {
  const { purpose, serial, number, threshold, count, reference, createdAt } = info;
  for (const [name, v] of Object.entries({ purpose, serial, reference, createdAt })) {
    if (typeof v !== 'string' || !HEADER_VALUE.test(v)) throw new CryptoError('SDR_INARGERR', `${what}: ${name} must be printable ASCII on one line`);
  }
  if (!Number.isInteger(count) || count < 1 || count > 255 || !Number.isInteger(threshold) || threshold < 1 || threshold > count ||
    !Number.isInteger(number) || number < 1 || number > count) {
    throw new CryptoError('SDR_INARGERR', `${what}: need 1 <= share <= count <= 255 and 1 <= threshold <= count`);
  }
}

/** The associated data of a share's seal: every header value, in a fixed order. */
function sealLabel(info: ShareInfo): string {
  return ['mima/v1/share', info.purpose, info.serial, info.number, info.threshold, info.count, info.reference, info.createdAt].join('|');
}

/**
 * A share file's text: `share` (x ‖ y, x = info.number) sealed under `passphrase`.
 * @param iterations PBKDF2 work factor (default PASSPHRASE_ITERATIONS; tests may lower it).
 * @throws CryptoError SDR_INARGERR for inconsistent info, an empty passphrase, or a share whose
 *   first byte is not info.number.
 */
export function encodeShareFile(share: Uint8Array, info: ShareInfo, passphrase: Uint8Array, rand: RandomSource,
  iterations = PASSPHRASE_ITERATIONS): string {
  checkInfo(info, 'share-file.encode');
  if (share.length < 2 || share[0] !== info.number) throw new CryptoError('SDR_INARGERR', 'share-file.encode: the share is not share number ' + info.number);
  if (passphrase.length === 0) throw new CryptoError('SDR_INARGERR', 'share-file.encode: empty passphrase');
  const blob = sealWithPassphrase(share, passphrase, sealLabel(info), rand, iterations);
  const b64 = Buffer.from(blob).toString('base64');
  const body: string[] = [];
  for (let i = 0; i < b64.length; i += 64) body.push(b64.slice(i, i + 64));
  return [
    `-----BEGIN ${SHARE_FILE_LABEL}-----`,
    `Purpose: ${info.purpose}`,
    `Device-Serial: ${info.serial}`,
    `Share: ${info.number} of ${info.count}`,
    `Threshold: ${info.threshold}`,
    `Reference: ${info.reference}`,
    `Created: ${info.createdAt}`,
    `Protection: PBKDF2-HMAC-SM3 (${iterations} iterations), SM4-GCM`,
    '',
    ...body,
    `-----END ${SHARE_FILE_LABEL}-----`,
    '',
  ].join('\n');
}

/** True when `text` holds a share file (rather than words). */
export function isShareFile(text: string): boolean {
  return text.includes(`-----BEGIN ${SHARE_FILE_LABEL}-----`);
}

function parseShareFile(text: string): { info: ShareInfo; blob: Uint8Array } {
  const what = 'share file';
  let block: PemBlock;
  try {
    block = pemDecode(text, SHARE_FILE_LABEL);
  } catch (e) {
    if (isCryptoError(e)) throw new CryptoError('SDR_INARGERR', `${what}: ${e.message.replace(/^pemDecode: /, '')}`);
    throw e;
  }
  const h = (name: string): string => {
    const v = block.headers.get(name);
    if (v === undefined) throw new CryptoError('SDR_INARGERR', `${what}: no ${name} header`);
    return v;
  };
  const m = /^(\d{1,3}) of (\d{1,3})$/.exec(h('Share'));
  const t = /^\d{1,3}$/.exec(h('Threshold'));
  if (!m || !t) throw new CryptoError('SDR_INARGERR', `${what}: bad Share or Threshold header`);
  const info: ShareInfo = {
    purpose: h('Purpose'),
    serial: h('Device-Serial'),
    number: Number(m[1]),
    count: Number(m[2]),
    threshold: Number(t[0]),
    reference: h('Reference'),
    createdAt: h('Created'),
  };
  checkInfo(info, what);
  return { info, blob: block.der };
}

/**
 * The clear header of a share file, without its passphrase (to choose the passphrase, check
 * the serial, count shares).
 * @throws CryptoError SDR_INARGERR when `text` is not a well-formed share file.
 */
export function readShareInfo(text: string): ShareInfo {
  return parseShareFile(text).info;
}

/**
 * Opens a share file.
 * @throws CryptoError SDR_INARGERR for a malformed file; SDR_MIMA_AUTH for a wrong passphrase
 *   or an edited header or body (indistinguishable on purpose).
 */
export function decodeShareFile(text: string, passphrase: Uint8Array): OpenedShare {
  const { info, blob } = parseShareFile(text);
  let share: Uint8Array;
  try {
    share = openWithPassphrase(blob, passphrase, sealLabel(info));
  } catch {
    throw new CryptoError('SDR_MIMA_AUTH', `share file (share ${info.number}): wrong passphrase, or the file was edited or damaged`);
  }
  if (share.length < 2 || share[0] !== info.number) {
    wipe(share);
    throw new CryptoError('SDR_MIMA_AUTH', `share file (share ${info.number}): the sealed share does not match its header`);
  }
  return { info, share };
}

// --- words ----------------------------------------------------------------------------------

const WORDS_DOMAIN = utf8('mima/v1/share-words');
const BITS_PER_WORD = 11;
const MIN_CHECKSUM_BITS = 11;

function checksumBits(dataBits: number): number {
  let c = MIN_CHECKSUM_BITS;
  while ((dataBits + c) % BITS_PER_WORD !== 0) c++;
  return c;
}

/** Big-endian bit i of `b`. */
function bit(b: Uint8Array, i: number): number {
  return (b[i >> 3]! >> (7 - (i & 7))) & 1;
}

/**
 * The words of a share (x ‖ y, 2..255 bytes), lower case, in order.
 * @throws CryptoError SDR_INARGERR for a share of a bad length.
 */
export function shareToWords(share: Uint8Array): string[] {
  if (share.length < 2 || share.length > 255) throw new CryptoError('SDR_INARGERR', 'share-words: a share is 2 to 255 bytes');
  const data = concatBytes(Uint8Array.of(share.length), share);
  const sum = sm3(concatBytes(WORDS_DOMAIN, data));
  const dataBits = data.length * 8;
  const total = dataBits + checksumBits(dataBits);
  const list = wordList();
  const out: string[] = [];
  for (let w = 0; w < total / BITS_PER_WORD; w++) {
    let v = 0;
    for (let k = 0; k < BITS_PER_WORD; k++) {
      const i = w * BITS_PER_WORD + k;
      v = (v << 1) | (i < dataBits ? bit(data, i) : bit(sum, i - dataBits));
    }
    out.push(list[v]!);
  }
  wipe(data);
  return out;
}

let byWord: Map<string, number> | undefined;

/** Word (or its first four letters) → 11-bit value. */
function wordValue(word: string, position: number): number {
  if (!byWord) {
    byWord = new Map();
    wordList().forEach((w, i) => {
      byWord!.set(w, i);
      if (w.length > 4) byWord!.set(w.slice(0, 4), i);
    });
  }
  const v = byWord.get(word) ?? (word.length > 4 ? byWord.get(word.slice(0, 4)) : undefined);
  if (v === undefined) throw new CryptoError('SDR_INARGERR', `share-words: word ${position} ("${word}") is not in the word list`);
  return v;
}

/** The words in a text: '#' lines dropped, line numbers ("7." / "7)") and case ignored. */
export function splitWords(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((l) => !l.trimStart().startsWith('#'))
    .join(' ')
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '' && !/^\d+[.)]?$/.test(t));
}

/**
 * A share from its words (a string as `formatShareWords` prints it, or the words).
 * @throws CryptoError SDR_INARGERR naming the unknown word, a wrong word count, or a failed
 *   checksum ("a word is wrong or two are swapped").
 */
export function shareFromWords(input: string | readonly string[]): Uint8Array {
  const words = typeof input === 'string' ? splitWords(input) : input.map((w) => w.trim().toLowerCase());
  if (words.length < 3) throw new CryptoError('SDR_INARGERR', `share-words: ${words.length} words is too few for a share`);
  const bits = new Uint8Array(words.length * BITS_PER_WORD);
  words.forEach((w, i) => {
    const v = wordValue(w, i + 1);
    for (let k = 0; k < BITS_PER_WORD; k++) bits[i * BITS_PER_WORD + k] = (v >> (BITS_PER_WORD - 1 - k)) & 1;
  });
  const byte = (i: number): number => {
    let v = 0;
    for (let k = 0; k < 8; k++) v = (v << 1) | bits[i * 8 + k]!;
    return v;
  };
  const n = byte(0);
  const dataBits = (n + 1) * 8;
  if (n < 2 || dataBits + checksumBits(dataBits) !== bits.length) {
    throw new CryptoError('SDR_INARGERR', `share-words: ${words.length} words do not make a share (a word is missing, extra or wrong)`);
  }
  const data = Uint8Array.from({ length: n + 1 }, (_, i) => byte(i));
  const sum = sm3(concatBytes(WORDS_DOMAIN, data));
  let diff = 0;
  for (let i = dataBits; i < bits.length; i++) diff |= bits[i]! ^ bit(sum, i - dataBits);
  wipe(bits);
  if (diff !== 0) {
    wipe(data);
    throw new CryptoError('SDR_INARGERR', 'share-words: checksum mismatch (a word is wrong or two are swapped)');
  }
  const share = data.slice(1);
  wipe(data);
  return share;
}

/**
 * The printable form: '#' comment lines naming the share (not secret), then the words,
 * numbered, six to a line. `shareFromWords` reads it back.
 */
export function formatShareWords(share: Uint8Array, info: ShareInfo): string {
  checkInfo(info, 'share-words');
  const words = shareToWords(share);
  const lines = [
    `# Mima administrator share, printable form. SECRET: not protected by a passphrase.`,
    `# ${info.purpose} share ${info.number} of ${info.count} (any ${info.threshold} reconstruct it), device ${info.serial}` +
      (info.reference === '-' ? '' : `, reference ${info.reference}`) + `, made ${info.createdAt}`,
  ];
  for (let i = 0; i < words.length; i += 6) {
    lines.push(words.slice(i, i + 6).map((w, k) => `${String(i + k + 1).padStart(2)}. ${w.padEnd(8)}`).join(' ').trimEnd());
  }
  return lines.join('\n') + '\n';
}
