/** Parsing of option values at the CLI edge; every failure names the option. */
import { fromHex } from '../algorithms/internal/bytes.js';
import { CliError } from './errors.js';

/** Hex option value (spaces and a 0x prefix tolerated), optionally of exact byte lengths. */
export function hexOption(name: string, value: string, lengths?: readonly number[]): Uint8Array {
  const clean = value.replace(/\s+/g, '').replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new CliError(`${name}: not a hex string`);
  if (clean.length % 2 !== 0) throw new CliError(`${name}: odd number of hex digits`);
  const bytes = fromHex(clean, name);
  if (lengths && !lengths.includes(bytes.length)) {
    throw new CliError(`${name}: expected ${lengths.join(' or ')} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Integer option value within [min, max]. */
export function intOption(name: string, value: string, min: number, max: number): number {
  const t = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${name}: expected an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new CliError(`${name}: expected one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}
