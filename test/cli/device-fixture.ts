/**
 * A device in a scratch data directory for the `mima device` / `mima key` tests: credentials in
 * the environment (as a script would set them), shares in files, and the CLI run against it.
 */
import assert from 'node:assert/strict';
import { DEV_SEAL_WARNING } from '../../src/device/index.js';
import { scratch } from '../interop/openssl.js';
import { mima, ok, type MimaOptions, type MimaResult } from './mima.js';

/** The environment of every device test: passwords and passphrases a script would export. */
export const ENV: Readonly<Record<string, string>> = Object.freeze({
  MIMA_SO_PASSWORD: 'so-password-1',
  MIMA_OPERATOR_PASSWORD: 'operator-password-1',
  MIMA_AUDITOR_PASSWORD: 'auditor-password-1',
  MIMA_ACCESS_PASSWORD: 'access-password-1',
  MIMA_SHARE_PASSPHRASE_1: 'share-passphrase-1',
  MIMA_SHARE_PASSPHRASE_2: 'share-passphrase-2',
  MIMA_SHARE_PASSPHRASE_3: 'share-passphrase-3',
  MIMA_SHARE_PASSPHRASE_4: 'share-passphrase-4',
  MIMA_SHARE_PASSPHRASE_5: 'share-passphrase-5',
  // Variables of the caller's shell must not leak into the tests.
  MIMA_SO_USER: '',
  MIMA_OPERATOR_USER: '',
  MIMA_AUDITOR_USER: '',
  MIMA_DEV_SEAL_PASSPHRASE: '',
});

export const WARNING_LINE = `mima: ${DEV_SEAL_WARNING}`;

export interface DeviceFixture {
  dir: ReturnType<typeof scratch>;
  data: string;
  /** Share file paths (shares-sealed devices). */
  shares: string[];
  /** `mima ...args` with ENV (plus `env`). */
  run(args: readonly string[], opts?: MimaOptions): MimaResult;
  /** `--share` options for the first `n` shares. */
  shareArgs(n?: number): string[];
  serial: string;
  cleanup(): void;
}

/** Initialises a device: M-of-N shares in files, or a dev seal. */
export function makeDevice(kind: { shares: number; threshold: number } | 'dev', extra: readonly string[] = []): DeviceFixture {
  const dir = scratch();
  const data = dir.file('data');
  const run = (args: readonly string[], opts: MimaOptions = {}): MimaResult => mima(args, { ...opts, env: { ...ENV, ...opts.env } });
  let shares: string[] = [];
  let threshold = 0;
  let r: MimaResult;
  if (kind === 'dev') {
    r = run(['device', 'init', '--data', data, '--dev-seal', ...extra]);
    okWarned(r, 'device init --dev-seal');
  } else {
    threshold = kind.threshold;
    r = ok(run(['device', 'init', '--data', data, '--shares', String(kind.shares), '--threshold', String(kind.threshold), '--out-shares', dir.file('shares'), ...extra]), 'device init');
    shares = Array.from({ length: kind.shares }, (_, i) => dir.file(`shares/share-${i + 1}`));
  }
  const serial = /device (\w{16}) initialised/.exec(r.out)?.[1];
  assert.ok(serial, `serial in ${r.out}`);
  return {
    dir,
    data,
    shares,
    run,
    serial,
    shareArgs: (n = threshold) => shares.slice(0, n).flatMap((s) => ['--share', s]),
    cleanup: () => dir.cleanup(),
  };
}

/** Exit 0, and stderr holds exactly the dev-seal warning line. */
export function okWarned(r: MimaResult, what = 'mima'): MimaResult {
  assert.equal(r.status, 0, `${what} exited ${r.status}: ${r.stderr}`);
  assert.equal(r.stderr, WARNING_LINE + '\n', `${what}: stderr is the dev-seal warning only`);
  return r;
}

/**
 * The failure contract on a dev-sealed device: the warning line, then exactly one error line
 * matching `problem`; exit `code`, nothing on stdout.
 */
export function failsWarned(r: MimaResult, problem: RegExp, code = 2): void {
  assert.equal(r.status, code, `expected exit ${code}, got ${r.status}; stderr: ${r.stderr}`);
  assert.equal(r.out, '', 'nothing on stdout');
  const lines = r.stderr.split('\n');
  assert.deepEqual([lines.length, lines[0], lines[2]], [3, WARNING_LINE, ''], `warning + one line, got ${JSON.stringify(r.stderr)}`);
  assert.match(lines[1]!, /^mima: /);
  assert.match(lines[1]!, problem);
}
