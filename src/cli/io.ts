/**
 * Input and output for commands: a named file or standard input, a named file or standard
 * output. Binary output goes to stdout as raw bytes, so `mima sm4 ... > out.bin` works.
 */
import { closeSync, fchmodSync, openSync, readFileSync, writeFileSync } from 'node:fs';

/** Reads the whole input: the file, or stdin when no file is named (or the name is "-"). */
export function readInput(file: string | undefined): Uint8Array {
  const data = file === undefined || file === '-' ? readFileSync(0) : readFileSync(file);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Reads a text file (PEM and the like) as UTF-8; a missing file is the usual one-line error. */
export function readText(file: string): string {
  return Buffer.from(readInput(file)).toString('utf8');
}

/** Writes bytes to the file, or to stdout when no file is named (or it is "-"). */
export function writeOutput(file: string | undefined, data: Uint8Array | string): void {
  if (file === undefined || file === '-') writeFileSync(1, data);
  else writeFileSync(file, data);
}

/**
 * Writes a secret (a private key) readable by the owner only. The mode given to open() applies
 * only when the file is created, so an existing file is narrowed to 0600 before the secret goes
 * into it.
 */
export function writeSecretFile(file: string, data: string | Uint8Array): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** A line of text for the user on stdout. */
export function say(line: string): void {
  writeFileSync(1, line + '\n');
}
