/**
 * `mima key gen|list|export-pub|passwd|destroy`: the device's internal keys (GM/T 0018 key
 * pairs at indexes, a signing and an encryption pair each; SM4 KEKs at indexes). Generation,
 * access passwords and destruction are the security officer's; listing and exporting public
 * keys need no credentials (public data, read without unlocking). See ../device-access.ts.
 */
import type { Command } from 'commander';
import { toHex, wipe } from '../../algorithms/internal/bytes.js';
import { sm3 } from '../../algorithms/sm3/index.js';
import type { Device } from '../../device/index.js';
import { encodeSm2PublicKeyPem, pemEncode } from '../../formats/index.js';
import type { KeyPairAlgorithm, KeyPairRecord, KeyUsage } from '../../store/index.js';
import { choiceOption } from '../args.js';
import { CliError } from '../errors.js';
import { say, writeOutput } from '../io.js';
import { startProgress } from '../progress.js';
import {
  ACCESS_PASSWORD_ENV,
  addDataOption,
  addLoginOptions,
  addShareOptions,
  CREDENTIALS_HELP,
  indexRange,
  isLocked,
  loginAs,
  secretFromEnv,
  unlockForKeys,
  withDevice,
  type DataFlags,
  type LoginFlags,
  type ShareFlags,
} from '../device-access.js';

const KEY_TYPES = ['sm2', 'rsa2048', 'rsa3072', 'rsa4096', 'kek'] as const;
type KeyType = (typeof KEY_TYPES)[number];

type SoFlags = ShareFlags & LoginFlags;

/** The device must be initialised and healthy (locked is fine): public reads. */
function requireHealthy(device: Device): void {
  isLocked(device);
}

async function gen(flags: SoFlags & { index: string; type: string; accessPasswordEnv?: string }): Promise<void> {
  const type: KeyType = choiceOption('--type', flags.type, KEY_TYPES);
  const { from, to } = indexRange(flags.index, true);
  if (type === 'kek' && flags.accessPasswordEnv !== undefined) throw new CliError('--access-password-env: KEKs have no access password');
  const password = flags.accessPasswordEnv === undefined ? undefined : secretFromEnv(flags.accessPasswordEnv, 'access password', '--access-password-env');
  try {
    await withDevice(flags, async (device) => {
      await unlockForKeys(device, flags);
      const so = await loginAs(device, 'security-officer', flags);
      const max = device.config.maxKeyIndex;
      if (to > max) throw new CliError(`--index: this device's key indexes are 1..${max} (set at init with --max-key-index)`);
      // A bar only when the per-key lines go elsewhere (a file or a pipe): on a terminal the
      // lines themselves show the progress.
      const progress = process.stdout.isTTY ? startProgress('', 0) : startProgress('key gen', to - from + 1);
      try {
        for (let index = from; index <= to; index++) {
          if (type === 'kek') await device.keys.generateKek(so, index);
          else await device.keys.generateKeyPair(so, index, type as KeyPairAlgorithm, { accessPassword: password });
          // Printed only after the key's transaction committed: a line here means the key is durable.
          say(`created index ${index}: ${type === 'kek' ? 'SM4 KEK' : `${type} signing and encryption key pairs`}`);
          progress.update(index - from + 1);
        }
      } finally {
        progress.stop();
      }
      if (type !== 'kek' && !password) say(`no access password set: set one with \`mima key passwd --index ${flags.index}\` before using the keys`);
    });
  } finally {
    if (password) wipe(password);
  }
}

function fingerprint(publicKey: Uint8Array): string {
  return toHex(sm3(publicKey).subarray(0, 8));
}

async function list(flags: DataFlags & { json?: boolean }): Promise<void> {
  await withDevice(flags, async (device) => {
    requireHealthy(device);
    const pairs = await device.store.listKeyPairs();
    const keks = await device.store.listKeks();
    const withPassword = new Set<number>();
    for (const i of new Set(pairs.map((p) => p.index))) if (await device.store.getAccessPassword(i)) withPassword.add(i);
    if (flags.json) {
      say(JSON.stringify({
        keyPairs: pairs.map((p) => ({ index: p.index, usage: p.usage, algorithm: p.algorithm, createdAt: p.createdAt, accessPassword: withPassword.has(p.index), publicKeySm3: fingerprint(p.publicKey) })),
        keks: keks.map((k) => ({ index: k.index, algorithm: k.algorithm, createdAt: k.createdAt })),
      }, null, 2));
      return;
    }
    if (pairs.length === 0 && keks.length === 0) say('no keys');
    for (const p of pairs) {
      say(`index ${p.index} ${p.usage.padEnd(4)} ${p.algorithm.padEnd(7)} ${p.createdAt} access-password=${withPassword.has(p.index) ? 'yes' : 'no'} sm3(pub)=${fingerprint(p.publicKey)}`);
    }
    for (const k of keks) say(`kek ${k.index} ${k.algorithm} ${k.createdAt}`);
  });
}

async function exportPub(flags: DataFlags & { index: string; usage: string; out?: string }): Promise<void> {
  const usage: KeyUsage = choiceOption('--usage', flags.usage, ['sign', 'enc'] as const);
  const { from: index } = indexRange(flags.index, false);
  await withDevice(flags, async (device) => {
    requireHealthy(device);
    const r: KeyPairRecord | undefined = await device.store.getKeyPair(index, usage);
    if (!r) throw new CliError(`no ${usage} key pair at index ${index}`);
    // SM2: SubjectPublicKeyInfo with the SM2 curve OID (what OpenSSL reads); RSA keys are stored as SPKI DER.
    writeOutput(flags.out, r.algorithm === 'sm2' ? encodeSm2PublicKeyPem(r.publicKey) : pemEncode('PUBLIC KEY', r.publicKey));
  });
}

async function passwd(flags: SoFlags & { index: string; accessPasswordEnv?: string }): Promise<void> {
  const { from, to } = indexRange(flags.index, true);
  const password = secretFromEnv(flags.accessPasswordEnv ?? ACCESS_PASSWORD_ENV, 'new access password', '--access-password-env');
  try {
    await withDevice(flags, async (device) => {
      await unlockForKeys(device, flags);
      const so = await loginAs(device, 'security-officer', flags);
      for (let index = from; index <= to; index++) {
        await device.keys.keyPair(index, 'sign'); // the index must hold keys
        await device.keys.setAccessPassword(so, index, password);
        say(`access password of index ${index} set`);
      }
    });
  } finally {
    wipe(password);
  }
}

async function destroy(flags: SoFlags & { index: string; kek?: boolean }): Promise<void> {
  const { from, to } = indexRange(flags.index, true);
  await withDevice(flags, async (device) => {
    await unlockForKeys(device, flags);
    const so = await loginAs(device, 'security-officer', flags);
    for (let index = from; index <= to; index++) {
      if (flags.kek) await device.keys.destroyKek(so, index);
      else await device.keys.destroyKeyPairs(so, index);
      say(`destroyed ${flags.kek ? 'KEK' : 'key pairs and access password'} at index ${index}`);
    }
  });
}

function soCommand(cmd: Command): Command {
  return addLoginOptions(addShareOptions(addDataOption(cmd)), 'security-officer');
}

export function registerKey(program: Command): void {
  const cmd = program
    .command('key')
    .description('internal keys of the device: generate, list, export public keys, access passwords, destroy')
    .addHelpText('after', CREDENTIALS_HELP);

  soCommand(cmd.command('gen'))
    .description('security officer: generate key pairs (signing + encryption) or a KEK at an index or a range A-B')
    .requiredOption('--index <n>', 'key index, or a range A-B (one line per key, printed once it is stored)')
    .requiredOption('--type <type>', KEY_TYPES.join('|'))
    .option('--access-password-env <var>', 'variable holding the access password to set (default: none set)')
    .action(gen);

  addDataOption(cmd.command('list'))
    .description('list key pairs and KEKs (public data only; no credentials needed)')
    .option('--json', 'JSON output')
    .action(list);

  addDataOption(cmd.command('export-pub'))
    .description('write the public key of an internal key pair as SubjectPublicKeyInfo PEM')
    .requiredOption('--index <n>', 'key index')
    .requiredOption('--usage <usage>', 'sign|enc')
    .option('--out <file>', 'PEM file (default stdout)')
    .action(exportPub);

  soCommand(cmd.command('passwd'))
    .description('security officer: set the private-key access password of an index (or a range A-B)')
    .requiredOption('--index <n>', 'key index, or a range A-B')
    .option('--access-password-env <var>', `variable holding the new password (default ${ACCESS_PASSWORD_ENV})`)
    .action(passwd);

  soCommand(cmd.command('destroy'))
    .description('security officer: destroy the key pairs (and access password) at an index, or a KEK')
    .requiredOption('--index <n>', 'key index, or a range A-B')
    .option('--kek', 'destroy the KEK at the index instead')
    .action(destroy);
}
