/**
 * How a `mima` process reaches the crypto device in a data directory: opening it (power-up
 * self-tests, the dev-seal warning), unlocking it with administrator shares, and logging in
 * as a role. Shared by `mima device`, `mima key` and the other device commands.
 *
 * Credentials, for scripts (no prompts):
 *   - Role accounts: the security officer, operator and auditor log in with the account name in
 *     MIMA_SO_USER / MIMA_OPERATOR_USER / MIMA_AUDITOR_USER (defaults so, operator, auditor)
 *     and the password in MIMA_SO_PASSWORD / MIMA_OPERATOR_PASSWORD / MIMA_AUDITOR_PASSWORD.
 *     `--user NAME` and `--password-env VAR` override them per command. `mima device init`
 *     reads the same variables to create the accounts (and generates and prints a password
 *     once for any that is unset), so one environment serves init and every later command.
 *   - Private-key access passwords (SDF_GetPrivateKeyAccessRight): MIMA_ACCESS_PASSWORD, or
 *     `--access-password-env VAR`.
 *   - Shares: the master key lives only in the memory of the process that unlocked the device,
 *     so on a shares-sealed device every command that uses keys takes `--share FILE` (M times;
 *     a share file or a printed words file, "-" for stdin). The passphrase of share number k is
 *     read from MIMA_SHARE_PASSPHRASE_k, or from `--share-passphrase-env VAR` (given once: for
 *     every share file; given once per share file: in order).
 *   - Dev seal: the device unlocks itself at every open with MIMA_DEV_SEAL_PASSPHRASE (or the
 *     built-in default) and says so on stderr every time.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { utf8, wipe } from '../algorithms/internal/bytes.js';
import { isCryptoError } from '../algorithms/internal/errors.js';
import {
  DEFAULT_DEV_SEAL_PASSPHRASE,
  DEV_SEAL_WARNING,
  decodeShareFile,
  Device,
  isShareFile,
  readShareInfo,
  shareFromWords,
  type Principal,
  type Role,
} from '../device/index.js';
import { openSqliteStore, STORE_FILE } from '../store/index.js';
import { CliError } from './errors.js';

export const DEFAULT_DATA_DIR = './data';

interface RoleCredentials {
  title: string;
  userEnv: string;
  defaultUser: string;
  passwordEnv: string;
}

export const ROLE_CREDENTIALS: Readonly<Record<Role, RoleCredentials>> = Object.freeze({
  'security-officer': { title: 'security officer', userEnv: 'MIMA_SO_USER', defaultUser: 'so', passwordEnv: 'MIMA_SO_PASSWORD' },
  operator: { title: 'operator', userEnv: 'MIMA_OPERATOR_USER', defaultUser: 'operator', passwordEnv: 'MIMA_OPERATOR_PASSWORD' },
  auditor: { title: 'auditor', userEnv: 'MIMA_AUDITOR_USER', defaultUser: 'auditor', passwordEnv: 'MIMA_AUDITOR_PASSWORD' },
});

export const ACCESS_PASSWORD_ENV = 'MIMA_ACCESS_PASSWORD';
export const DEV_SEAL_PASSPHRASE_ENV = 'MIMA_DEV_SEAL_PASSPHRASE';
export const SHARE_PASSPHRASE_ENV_PREFIX = 'MIMA_SHARE_PASSPHRASE_';

/** The help paragraph on credentials, shown under `mima device --help` and `mima key --help`. */
export const CREDENTIALS_HELP = `
Credentials (read from the environment; nothing is prompted):
  role accounts        MIMA_SO_USER / MIMA_SO_PASSWORD            (security officer, user "so")
                       MIMA_OPERATOR_USER / MIMA_OPERATOR_PASSWORD (operator, user "operator")
                       MIMA_AUDITOR_USER / MIMA_AUDITOR_PASSWORD   (auditor, user "auditor")
                       --user NAME and --password-env VAR override them per command;
                       device init creates the accounts from the same variables (and
                       prints a generated password once for any that is unset)
  key access password  MIMA_ACCESS_PASSWORD, or --access-password-env VAR
  shares               a shares-sealed device is locked in every new process: commands that
                       use keys take --share FILE (threshold times; share files or printed
                       words, "-" = stdin); share k's passphrase is MIMA_SHARE_PASSPHRASE_k,
                       or --share-passphrase-env VAR (once for all, or once per share file)
  dev seal             unlocks itself at every open with MIMA_DEV_SEAL_PASSPHRASE (or the
                       default) and prints a warning on stderr every time`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The value of environment variable `name` as bytes.
 * @throws CliError when the variable is unset or empty (`what` says what it should hold).
 */
export function secretFromEnv(name: string, what: string, option?: string): Uint8Array {
  if (!ENV_NAME.test(name)) throw new CliError(`${option ?? 'environment'}: "${name}" is not an environment variable name`);
  const v = process.env[name];
  if (v === undefined || v === '') throw new CliError(`${what}: environment variable ${name} is not set${option ? ` (or pass ${option} VAR)` : ''}`);
  return utf8(v);
}

/** Commander collector for repeatable options (no default, so help shows none). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export interface DataFlags {
  data: string;
}

export interface ShareFlags extends DataFlags {
  /** Repeatable options: undefined when not given. */
  share?: string[];
  sharePassphraseEnv?: string[];
}

export interface LoginFlags {
  user?: string;
  passwordEnv?: string;
}

export function addDataOption(cmd: Command): Command {
  return cmd.option('--data <dir>', 'data directory of the device', DEFAULT_DATA_DIR);
}

export function addShareOptions(cmd: Command): Command {
  return cmd
    .option('--share <file>', 'administrator share (file or printed words; repeat threshold times)', collect)
    .option('--share-passphrase-env <var>', 'variable holding a share file passphrase (default MIMA_SHARE_PASSPHRASE_<n>)', collect);
}

export function addLoginOptions(cmd: Command, role: Role): Command {
  const c = ROLE_CREDENTIALS[role];
  return cmd
    .option('--user <name>', `${c.title} account (default $${c.userEnv} or "${c.defaultUser}")`)
    .option('--password-env <var>', `variable holding the ${c.title} password (default ${c.passwordEnv})`);
}

/**
 * Opens the device in `flags.data`: power-up self-tests run, a dev-sealed device unlocks
 * itself (and the warning goes to stderr). `create` allows a new data directory (init only).
 */
export async function openDevice(flags: DataFlags, opts: { create?: boolean } = {}): Promise<Device> {
  if (!opts.create && !existsSync(join(flags.data, STORE_FILE))) {
    throw new CliError(`${flags.data}: no device here (create one with: mima device init --data ${flags.data})`);
  }
  const store = await openSqliteStore(flags.data);
  const passphrase = utf8(process.env[DEV_SEAL_PASSPHRASE_ENV] || DEFAULT_DEV_SEAL_PASSPHRASE);
  try {
    const device = await Device.open(store, { devSealPassphrase: passphrase });
    const rec = device.record;
    if (rec?.sealKind === 'dev' && rec.state !== 'zeroized') warnDevSeal();
    return device;
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  } finally {
    wipe(passphrase);
  }
}

export function warnDevSeal(): void {
  process.stderr.write(`mima: ${DEV_SEAL_WARNING}\n`);
}

/** Opens the device, runs `fn`, and closes it (flushing the audit log) whatever happens. */
export async function withDevice<T>(flags: DataFlags, fn: (device: Device) => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const device = await openDevice(flags, opts);
  try {
    return await fn(device);
  } finally {
    await device.close();
  }
}

/** What the shares being read must belong to (checked on share files; words carry no header). */
export interface ShareExpectation {
  /** 'master-key' for unlocking, 'backup-key' for a backup, ... */
  purpose: string;
  /** The device serial the shares must name, when it is known. */
  serial?: string;
  /** The share set's reference (e.g. a backup id), when it is known. */
  reference?: string;
}

/** The share bytes given by one --share option (a share file or words). */
function readShareSource(source: string, passphraseEnv: string | undefined, expect: ShareExpectation): Uint8Array {
  const text = readFileSync(source === '-' ? 0 : source, 'utf8');
  const where = source === '-' ? 'stdin' : source;
  if (!isShareFile(text)) {
    try {
      return shareFromWords(text);
    } catch (e) {
      throw new CliError(`${where}: neither a share file nor share words (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const info = readShareInfo(text);
  if (info.purpose !== expect.purpose) throw new CliError(`${where}: a ${info.purpose} share, not a ${expect.purpose} share`);
  if (expect.serial !== undefined && info.serial !== expect.serial) {
    throw new CliError(`${where}: a share of device ${info.serial}, not of this device (${expect.serial})`);
  }
  if (expect.reference !== undefined && info.reference !== expect.reference) {
    throw new CliError(`${where}: a share of ${info.reference}, not of ${expect.reference}`);
  }
  const env = passphraseEnv ?? `${SHARE_PASSPHRASE_ENV_PREFIX}${info.number}`;
  const passphrase = secretFromEnv(env, `${where} (share ${info.number})`, '--share-passphrase-env');
  try {
    return decodeShareFile(text, passphrase).share;
  } finally {
    wipe(passphrase);
  }
}

/**
 * The shares named by --share options (share files, words files, "-" for stdin), each file
 * opened with its passphrase (MIMA_SHARE_PASSPHRASE_<n>, or --share-passphrase-env once for
 * all / once per share file in order) and checked against `expect`. The caller wipes them.
 * For `mima device` (master-key shares) and `mima backup` (backup-key shares).
 */
export function loadShares(flags: ShareFlags, expect: ShareExpectation): Uint8Array[] {
  const sources = flags.share ?? [];
  const fileSources = sources.filter((s) => s !== '-' && existsSync(s) && isShareFile(readFileSync(s, 'utf8')));
  const envs = flags.sharePassphraseEnv ?? [];
  if (envs.length > 1 && envs.length !== fileSources.length) {
    throw new CliError(`--share-passphrase-env: given ${envs.length} times for ${fileSources.length} share files (give it once, or once per share file)`);
  }
  if (sources.filter((s) => s === '-').length > 1) throw new CliError('--share: stdin ("-") can be given once');
  const shares: Uint8Array[] = [];
  try {
    for (const source of sources) {
      const i = fileSources.indexOf(source);
      const env = envs.length === 1 ? envs[0] : i >= 0 ? envs[i] : undefined;
      shares.push(readShareSource(source, env, expect));
    }
    return shares;
  } catch (e) {
    wipe(...shares);
    throw e;
  }
}

/**
 * Makes sure the device can use keys: a dev-sealed device already unlocked itself at open; a
 * shares-sealed one is unlocked with the --share options (an error if there are none).
 * Returns how many shares were used (0 for a dev seal).
 */
export async function unlockForKeys(device: Device, flags: ShareFlags): Promise<number> {
  if (!isLocked(device)) {
    const what = device.record?.sealKind === 'dev' ? 'this device is dev-sealed and unlocks itself' : 'the device is already unlocked';
    if ((flags.share ?? []).length > 0) throw new CliError(`--share: ${what}; no shares are needed`);
    return 0;
  }
  const rec = device.record!;
  if ((flags.share ?? []).length === 0) {
    throw new CliError(`device ${rec.serial} is locked: give ${rec.threshold} administrator shares with --share FILE`);
  }
  return unlockWithShares(device, flags);
}

/**
 * True when the device is initialised and healthy but locked; false when it can use keys.
 * @throws the device's own error when it is not initialised, zeroized or in the error state.
 */
export function isLocked(device: Device): boolean {
  try {
    device.requireOperational();
    return false;
  } catch (e) {
    if (isCryptoError(e, 'SDR_MIMA_LOCKED')) return true;
    throw e;
  }
}

/** Unlocks a shares-sealed device with the --share options; returns how many were given. */
export async function unlockWithShares(device: Device, flags: ShareFlags): Promise<number> {
  if (!isLocked(device)) throw new CliError('--share: the device is not locked (a dev-sealed device unlocks itself)');
  const rec = device.record!;
  if (rec.sealKind === 'dev') throw new CliError('--share: this device is dev-sealed and has no shares');
  const shares = loadShares(flags, { purpose: 'master-key', serial: rec.serial });
  try {
    await device.unlock(shares);
    return shares.length;
  } finally {
    wipe(...shares);
  }
}

/**
 * Logs in as `role`: account from --user / MIMA_*_USER, password from --password-env /
 * MIMA_*_PASSWORD. The account must have that role.
 */
export async function loginAs(device: Device, role: Role, flags: LoginFlags): Promise<Principal> {
  const c = ROLE_CREDENTIALS[role];
  const name = flags.user ?? (process.env[c.userEnv] || c.defaultUser);
  const password = secretFromEnv(flags.passwordEnv ?? c.passwordEnv, `${c.title} password`, '--password-env');
  try {
    const p = await device.login(name, password);
    if (p.role !== role) throw new CliError(`account ${name} is ${withArticle(ROLE_CREDENTIALS[p.role].title)}, not ${withArticle(c.title)}`);
    return p;
  } finally {
    wipe(password);
  }
}

function withArticle(title: string): string {
  return `${/^[aeiou]/.test(title) ? 'an' : 'a'} ${title}`;
}

/** Parses the key index option: a number, or a range "A-B" when `range` is allowed. */
export function indexRange(value: string, range: boolean): { from: number; to: number } {
  const m = /^\s*(\d{1,9})\s*(?:-\s*(\d{1,9})\s*)?$/.exec(value);
  if (!m || (m[2] !== undefined && !range)) throw new CliError(`--index: expected ${range ? 'N or A-B' : 'a number'}, got "${value}"`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to < from) throw new CliError(`--index: expected 1 <= A <= B, got "${value}"`);
  return { from, to };
}
