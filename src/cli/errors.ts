/**
 * How the CLI fails: one line on stderr, `mima: <what went wrong>`, and an exit code.
 *
 *   0  success            1  a check said no (signature FAIL, randomness test failed)
 *   2  bad input or usage (bad hex, wrong key length, malformed PEM, tampered ciphertext,
 *      unreadable file, unknown option)
 *   3  internal error (a bug: reported as one line, never a stack trace)
 */
import { CryptoError } from '../algorithms/internal/errors.js';

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

/** A failure the CLI reports as is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on device',
};

/** The one-line message (empty: say nothing) and exit code for anything thrown by a command. */
export function describeFailure(e: unknown): { message: string; exitCode: number } {
  if (e instanceof CliError) return { message: e.message, exitCode: e.exitCode };
  if (e instanceof CryptoError) return { message: `${e.message} (${e.code})`, exitCode: EXIT_BAD_INPUT };
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code in FS_REASONS) {
    const path = (e as NodeJS.ErrnoException).path;
    return { message: `${path ?? 'file'}: ${FS_REASONS[code]}`, exitCode: EXIT_BAD_INPUT };
  }
  // The reader stopped reading (`mima rand ... | head -c 16`): normal for a pipe, nothing to say.
  if (code === 'EPIPE') return { message: '', exitCode: EXIT_OK };
  const text = e instanceof Error ? e.message : String(e);
  return { message: `internal error: ${text.split('\n')[0]}`, exitCode: EXIT_INTERNAL };
}
