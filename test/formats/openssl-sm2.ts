/**
 * SM2 keys and their numbers as the OpenSSL 3 CLI sees them, for the interop tests.
 */
import { opensslOk, scratch } from '../interop/openssl.js';

export interface OpensslSm2Key {
  /** PKCS#8 PEM as `openssl genpkey` wrote it. */
  pem: string;
  /** d, 32 bytes, and 04‖x‖y, 65 bytes, as `openssl pkey -text` prints them. */
  d: Uint8Array;
  pub: Uint8Array;
}

/** The hex after `label` in `openssl pkey -text` output, up to the next unindented line. */
export function textField(text: string, label: string): Uint8Array {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() === label);
  if (i < 0) throw new Error(`no ${label} in openssl output:\n${text}`);
  let hex = '';
  for (let j = i + 1; j < lines.length && /^\s/.test(lines[j]!); j++) hex += lines[j]!.replace(/[\s:]/g, '');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Left-pads to `n` bytes (openssl prints big numbers without leading zero bytes). */
export function pad(b: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(b, n - b.length);
  return out;
}

/** A fresh SM2 key from `openssl genpkey`, with the numbers `openssl pkey -text` reports. */
export function opensslSm2Key(): OpensslSm2Key {
  const pem = opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2']).toString();
  const { d, pub } = opensslKeyNumbers(pem);
  return { pem, d, pub };
}

/** d and the public point of a private key OpenSSL can read (PEM or DER file contents). */
export function opensslKeyNumbers(key: string | Uint8Array, inform: 'PEM' | 'DER' = 'PEM'): { d: Uint8Array; pub: Uint8Array; text: string } {
  const s = scratch();
  try {
    const f = s.file('key', key);
    const text = opensslOk(['pkey', '-inform', inform, '-in', f, '-text', '-noout']).toString();
    return { d: pad(textField(text, 'priv:'), 32), pub: textField(text, 'pub:'), text };
  } finally {
    s.cleanup();
  }
}

/** Runs `openssl <args>` with the placeholder "IN" replaced by a file holding `input`. */
export function opensslOn(input: string | Uint8Array, args: string[]): Buffer {
  const s = scratch();
  try {
    const f = s.file('in', input);
    return opensslOk(args.map((a) => (a === 'IN' ? f : a)));
  } finally {
    s.cleanup();
  }
}
