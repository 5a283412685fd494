/**
 * `mima device init|unlock|status|selftest|zeroize|sign|decrypt`: the crypto card's life cycle
 * (GM/T 0028) and its internal SM2 keys (GM/T 0018 InternalSign_ECC / InternalDecrypt_ECC) from
 * the command line. Credentials and shares: see ../device-access.ts (also in `--help`).
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { concatBytes, utf8, wipe } from '../../algorithms/internal/bytes.js';
import type { DeviceConfig } from '../../store/index.js';
import {
  DEFAULT_DEV_SEAL_PASSPHRASE, encodeShareFile, formatShareWords, randomnessSelfTest, type AccountSpec, type Device, type ShareInfo,
} from '../../device/index.js';
import { ciphertextFromAsn1, signatureToDer } from '../../formats/index.js';
import { intOption } from '../args.js';
import { CliError, describeFailure, EXIT_CHECK_FAILED } from '../errors.js';
import { readInput, say, writeOutput } from '../io.js';
import {
  ACCESS_PASSWORD_ENV,
  addDataOption,
  addLoginOptions,
  addShareOptions,
  collect,
  CREDENTIALS_HELP,
  DEV_SEAL_PASSPHRASE_ENV,
  indexRange,
  loginAs,
  ROLE_CREDENTIALS,
  secretFromEnv,
  SHARE_PASSPHRASE_ENV_PREFIX,
  unlockForKeys,
  unlockWithShares,
  warnDevSeal,
  withDevice,
  type DataFlags,
  type LoginFlags,
  type ShareFlags,
} from '../device-access.js';
import { generatedPassword, printStatus } from './device-report.js';

const MIN_SECRET_CHARS = 8;

interface InitFlags extends DataFlags {
  shares?: string;
  threshold?: string;
  outShares?: string;
  words?: boolean;
  devSeal?: boolean;
  sharePassphraseEnv?: string[];
  soPasswordEnv: string;
  operatorPasswordEnv: string;
  auditorPasswordEnv: string;
  maxKeyIndex?: string;
  lockoutThreshold?: string;
  lockoutSeconds?: string;
}

/** The three role accounts: names from MIMA_*_USER, passwords from env or generated. */
function accountSpecs(flags: InitFlags): { accounts: AccountSpec[]; generated: string[] } {
  const accounts: AccountSpec[] = [];
  const generated: string[] = [];
  const envs = { 'security-officer': flags.soPasswordEnv, operator: flags.operatorPasswordEnv, auditor: flags.auditorPasswordEnv } as const;
  for (const role of ['security-officer', 'operator', 'auditor'] as const) {
    const c = ROLE_CREDENTIALS[role];
    const name = process.env[c.userEnv] || c.defaultUser;
    const env = envs[role];
    let password: Uint8Array;
    if (process.env[env]) {
      password = secretFromEnv(env, `${c.title} password`);
      if (password.length < MIN_SECRET_CHARS) throw new CliError(`${env}: the ${c.title} password must be at least ${MIN_SECRET_CHARS} characters`);
    } else {
      const text = generatedPassword();
      password = utf8(text);
      generated.push(`generated password for ${name} (${c.title}), shown once: ${text}  (export ${c.passwordEnv}=... for later commands)`);
    }
    if (accounts.some((a) => a.name === name)) throw new CliError(`device init: two roles share the account name "${name}" (set ${c.userEnv})`);
    accounts.push({ name, role, password });
  }
  return { accounts, generated };
}

function configOf(flags: InitFlags): Partial<DeviceConfig> {
  const config: Partial<DeviceConfig> = {};
  if (flags.maxKeyIndex !== undefined) config.maxKeyIndex = intOption('--max-key-index', flags.maxKeyIndex, 1, 1_000_000);
  if (flags.lockoutThreshold !== undefined) config.lockoutThreshold = intOption('--lockout-threshold', flags.lockoutThreshold, 1, 1000);
  if (flags.lockoutSeconds !== undefined) config.lockoutSeconds = intOption('--lockout-seconds', flags.lockoutSeconds, 0, 86_400 * 365);
  return config;
}

/** Where each share goes and under which passphrase, checked before the device is touched. */
/** Share files to write under --out-shares, with their passphrases (also used by `mima backup create`). */
export function sharePlan(flags: Pick<InitFlags, 'outShares' | 'sharePassphraseEnv'>, count: number): { files: string[]; passphrases: Uint8Array[] } {
  if (flags.outShares === undefined) {
    if (flags.sharePassphraseEnv) throw new CliError('--share-passphrase-env: needs --out-shares (printed words have no passphrase)');
    return { files: [], passphrases: [] };
  }
  const envs = flags.sharePassphraseEnv ?? [];
  if (envs.length > 1 && envs.length !== count) {
    throw new CliError(`--share-passphrase-env: given ${envs.length} times for ${count} shares (give it once, or once per share)`);
  }
  mkdirSync(flags.outShares, { recursive: true, mode: 0o700 });
  const files = Array.from({ length: count }, (_, i) => join(flags.outShares!, `share-${i + 1}`));
  for (const f of files) if (existsSync(f)) throw new CliError(`${f}: already exists (move old shares away first)`);
  const passphrases = files.map((_, i) => {
    const env = envs.length === 0 ? `${SHARE_PASSPHRASE_ENV_PREFIX}${i + 1}` : envs.length === 1 ? envs[0]! : envs[i]!;
    const p = secretFromEnv(env, `share ${i + 1} passphrase`, '--share-passphrase-env');
    if (p.length < MIN_SECRET_CHARS) throw new CliError(`${env}: a share passphrase must be at least ${MIN_SECRET_CHARS} characters`);
    return p;
  });
  return { files, passphrases };
}

/** Writes a new file (never over an existing one), readable by its owner only. */
export function writeNewSecretFile(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

async function init(flags: InitFlags): Promise<void> {
  const sharesMode = flags.shares !== undefined || flags.threshold !== undefined;
  if (sharesMode === Boolean(flags.devSeal)) throw new CliError('device init: give either --shares N --threshold M, or --dev-seal');
  const config = configOf(flags);
  let plan: { files: string[]; passphrases: Uint8Array[] } = { files: [], passphrases: [] };
  let threshold = 1, count = 1;
  if (sharesMode) {
    if (flags.shares === undefined || flags.threshold === undefined) throw new CliError('device init: --shares and --threshold go together');
    count = intOption('--shares', flags.shares, 1, 255);
    threshold = intOption('--threshold', flags.threshold, 1, count);
    if (flags.outShares === undefined && !flags.words) throw new CliError('device init: say where the shares go: --out-shares DIR and/or --words');
    plan = sharePlan(flags, count);
  } else if (flags.outShares !== undefined || flags.words || flags.sharePassphraseEnv) {
    throw new CliError('device init: --out-shares, --words and --share-passphrase-env go with --shares, not --dev-seal');
  }
  const { accounts, generated } = accountSpecs(flags);
  const devPassphrase = utf8(process.env[DEV_SEAL_PASSPHRASE_ENV] || DEFAULT_DEV_SEAL_PASSPHRASE);
  try {
    await withDevice(flags, async (device) => {
      const seal = sharesMode ? ({ kind: 'shares', threshold, count } as const) : ({ kind: 'dev', passphrase: devPassphrase } as const);
      const { shares } = await device.init({ seal, accounts, config });
      const rec = device.record!;
      let words = '';
      try {
        if (sharesMode) words = await handOutShares(device, shares, flags, plan, { threshold, count }, accounts.find((a) => a.role === 'security-officer')!);
      } finally {
        wipe(...shares);
      }
      if (sharesMode) {
        say(`device ${rec.serial} initialised: master key split into ${count} administrator shares, any ${threshold} unlock it`);
        for (const [i, f] of plan.files.entries()) say(`wrote share ${i + 1} of ${count} to ${f}`);
      } else {
        warnDevSeal();
        say(`device ${rec.serial} initialised with a DEV SEAL (passphrase from ${DEV_SEAL_PASSPHRASE_ENV} or the default): development only`);
      }
      say(`accounts: ${accounts.map((a) => `${a.name} (${ROLE_CREDENTIALS[a.role].title})`).join(', ')}; key indexes 1..${rec.config.maxKeyIndex}`);
      for (const g of generated) say(g);
      if (sharesMode) say(`the device is locked whenever a command ends: commands that use keys take --share FILE (${threshold} of them)`);
      if (words) say('\n' + words);
    }, { create: true });
  } finally {
    wipe(devPassphrase, ...plan.passphrases, ...accounts.map((a) => a.password));
  }
}

/**
 * Writes the share files and returns the printable words (with --words). Without its shares the new master key would be
 * lost for good, so if a file cannot be written the new device is zeroized at once (`init` can
 * then run again) and the failure is reported.
 */
async function handOutShares(device: Device, shares: Uint8Array[], flags: InitFlags, plan: { files: string[]; passphrases: Uint8Array[] },
  set: { threshold: number; count: number }, so: AccountSpec): Promise<string> {
  const rec = device.record!;
  const infoOf = (i: number): ShareInfo => ({
    purpose: 'master-key', serial: rec.serial, number: i + 1, threshold: set.threshold, count: set.count, reference: '-', createdAt: rec.createdAt,
  });
  try {
    shares.forEach((s, i) => {
      if (plan.files[i] !== undefined) writeNewSecretFile(plan.files[i]!, encodeShareFile(s, infoOf(i), plan.passphrases[i]!, device.random));
    });
  } catch (e) {
    await device.zeroize(await device.login(so.name, so.password));
    for (const f of plan.files) rmSync(f, { force: true });
    const { message } = describeFailure(e);
    throw new CliError(`device init: ${message}; the new device was zeroized (its shares could not be handed out): run init again`);
  }
  return flags.words ? shares.map((s, i) => formatShareWords(s, infoOf(i))).join('\n') : '';
}

async function unlock(flags: ShareFlags): Promise<void> {
  await withDevice(flags, async (device) => {
    if (device.record?.sealKind === 'dev') throw new CliError('device unlock: this device is dev-sealed and unlocks itself at every open; it has no shares');
    if ((flags.share ?? []).length === 0) throw new CliError('device unlock: give the administrators\' shares with --share FILE');
    const n = await unlockWithShares(device, flags);
    const rec = device.record!;
    say(`unlocked device ${rec.serial} with ${n} shares (threshold ${rec.threshold}): the shares are good`);
    say('the master key lives in this process only; commands that use keys take the same --share options');
  });
}

async function status(flags: DataFlags & { json?: boolean }): Promise<void> {
  await withDevice(flags, async (device) => printStatus(await device.status(), Boolean(flags.json)));
}

async function selftest(flags: DataFlags & { full?: boolean }): Promise<void> {
  await withDevice(flags, async (device) => {
    const summary = await device.runSelfTests();
    const results = [...summary.results];
    // --full adds the GM/T 0062 power-on randomness check (20 × 10^6 bits, all 15 tests): seconds of work.
    if (flags.full) results.push(randomnessSelfTest(device.random, { phase: 'power-on', attempts: 2 }));
    for (const r of results) {
      const ms = r.ms === undefined ? '' : ` (${r.ms} ms)`;
      say(`${r.passed ? 'PASS' : 'FAIL'} ${r.name}${ms}${r.detail && !r.passed ? `: ${r.detail}` : ''}`);
    }
    const passed = results.every((r) => r.passed);
    say(`${passed ? 'PASS' : 'FAIL'}: ${results.filter((r) => r.passed).length}/${results.length} self-tests passed`);
    if (!passed) process.exitCode = EXIT_CHECK_FAILED;
  });
}

async function zeroize(flags: ShareFlags & LoginFlags & { yes?: boolean }): Promise<void> {
  if (!flags.yes) throw new CliError('device zeroize destroys every key, share and password: add --yes to go ahead');
  await withDevice(flags, async (device) => {
    // Shares are optional: zeroizing needs no key (a device whose shares are lost can be zeroized).
    if ((flags.share ?? []).length > 0) await unlockForKeys(device, flags);
    const so = await loginAs(device, 'security-officer', flags);
    const serial = device.record!.serial;
    await device.zeroize(so);
    say(`device ${serial} zeroized: every key, share and password is unrecoverable; initialise it again to use it`);
  });
}

export type KeyUseFlags = ShareFlags & LoginFlags & { index: string; accessPasswordEnv?: string; in?: string; out?: string };

/** Opens, unlocks, logs the operator in, and opens a session holding the index's access right. */
export async function withKeySession<T>(flags: KeyUseFlags, fn: (device: Device, session: ReturnType<Device['openSession']>, index: number) => Promise<T>): Promise<T> {
  const { from: index } = indexRange(flags.index, false);
  return withDevice(flags, async (device) => {
    await unlockForKeys(device, flags);
    const op = await loginAs(device, 'operator', flags);
    const session = device.openSession(op);
    try {
      const pw = secretFromEnv(flags.accessPasswordEnv ?? ACCESS_PASSWORD_ENV, `access password of index ${index}`, '--access-password-env');
      try {
        await session.getPrivateKeyAccessRight(index, pw);
      } finally {
        wipe(pw);
      }
      return await fn(device, session, index);
    } finally {
      device.closeSession(session);
    }
  });
}

async function sign(flags: KeyUseFlags & { id?: string }): Promise<void> {
  const message = readInput(flags.in);
  await withKeySession(flags, async (device, session, index) => {
    const pair = await device.keys.keyPair(index, 'sign');
    if (pair.algorithm !== 'sm2') throw new CliError(`device sign: the signing key at index ${index} is ${pair.algorithm}, not SM2`);
    const { sm2, sm3 } = device.engine.sm;
    // e = SM3(Z_A ‖ M) (GM/T 0003.2 §6.1): the message is hashed here, the device signs e.
    const z = sm2.computeZ(pair.publicKey, flags.id === undefined ? undefined : utf8(flags.id));
    const [sig] = await session.internalSignDigests(index, [sm3.digest(concatBytes(z, message))]);
    writeOutput(flags.out, signatureToDer(sig!));
  });
}

async function decrypt(flags: KeyUseFlags): Promise<void> {
  const ciphertext = ciphertextFromAsn1(readInput(flags.in));
  await withKeySession(flags, async (_device, session, index) => {
    const plaintext = await session.internalDecryptEcc(index, ciphertext);
    try {
      writeOutput(flags.out, plaintext);
    } finally {
      wipe(plaintext);
    }
  });
}

export function keyUseOptions(cmd: Command): Command {
  addLoginOptions(addShareOptions(addDataOption(cmd)), 'operator');
  return cmd
    .requiredOption('--index <n>', 'internal key index')
    .option('--access-password-env <var>', `variable holding the index's access password (default ${ACCESS_PASSWORD_ENV})`);
}

export function registerDevice(program: Command): void {
  const cmd = program
    .command('device')
    .description('the crypto device: init, unlock, status, self-tests, zeroize, internal SM2 sign/decrypt')
    .addHelpText('after', CREDENTIALS_HELP);

  addDataOption(cmd.command('init'))
    .description('initialise a device: master key split into M-of-N administrator shares, or a dev seal; role accounts')
    .option('--shares <n>', 'number of administrator shares (N)')
    .option('--threshold <m>', 'shares needed to unlock (M)')
    .option('--out-shares <dir>', 'write share-1..share-N here, each sealed under its passphrase')
    .option('--share-passphrase-env <var>', 'variable holding the share passphrases (once for all, or once per share; default MIMA_SHARE_PASSPHRASE_<n>)', collect)
    .option('--words', 'also print each share as words (secret: no passphrase)')
    .option('--dev-seal', 'development only: the device unlocks itself at every open (warns every time)')
    .option('--so-password-env <var>', 'variable holding the security officer password (unset: generated, printed once)', 'MIMA_SO_PASSWORD')
    .option('--operator-password-env <var>', 'variable holding the operator password (unset: generated, printed once)', 'MIMA_OPERATOR_PASSWORD')
    .option('--auditor-password-env <var>', 'variable holding the auditor password (unset: generated, printed once)', 'MIMA_AUDITOR_PASSWORD')
    .option('--max-key-index <n>', 'internal key indexes 1..N (default 1024)')
    .option('--lockout-threshold <n>', 'failed logins or access passwords before a lockout (default 5)')
    .option('--lockout-seconds <n>', 'lockout length (default 300)')
    .action(init);

  addShareOptions(addDataOption(cmd.command('unlock')))
    .description('check that administrator shares unlock the device (the unlock lasts for this process only)')
    .action(unlock);

  addDataOption(cmd.command('status')).description('state, seal, keys and last self-test (no secrets)').option('--json', 'JSON output').action(status);
  addDataOption(cmd.command('selftest'))
    .description('run the power-up self-tests again: PASS (exit 0) or FAIL (exit 1)')
    .option('--full', 'add the GM/T 0062 power-on randomness check (20 samples of 10^6 bits; seconds)')
    .action(selftest);
  addLoginOptions(addShareOptions(addDataOption(cmd.command('zeroize'))), 'security-officer')
    .description('security officer: make every key, share and password unrecoverable at once')
    .option('--yes', 'really do it')
    .action(zeroize);

  keyUseOptions(cmd.command('sign'))
    .description('operator: sign FILE/stdin with the internal SM2 signing key: SM3(Z_A ‖ M), DER signature out')
    .option('--id <string>', 'signer ID for Z_A (default 1234567812345678)')
    .option('--in <file>', 'message (default stdin)')
    .option('--out <file>', 'DER signature (default stdout)')
    .action(sign);
  keyUseOptions(cmd.command('decrypt'))
    .description('operator: decrypt a GM/T 0009 ASN.1 SM2 ciphertext with the internal SM2 encryption key')
    .option('--in <file>', 'ciphertext (default stdin)')
    .option('--out <file>', 'plaintext (default stdout)')
    .action(decrypt);
}
