/**
 * `mima backup create|restore` (security officer): every key of the device in one file, under a
 * fresh backup key split M-of-N to administrators (src/device/backup.ts).
 *
 *   mima backup create --data DIR --out FILE --shares N --threshold M --out-shares DIR
 *        (share passphrases from MIMA_SHARE_PASSPHRASE_k or --share-passphrase-env, as device init)
 *   mima backup restore --data DIR --in FILE --backup-share FILE ... [--force]
 *        (backup share passphrases from MIMA_SHARE_PASSPHRASE_k or --backup-share-passphrase-env)
 *
 * A shares-sealed device also takes its own --share options to unlock.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { wipe } from '../../algorithms/internal/bytes.js';
import { createBackup, encodeShareFile, readBackupHeader, restoreBackup, type ShareInfo } from '../../device/index.js';
import { intOption } from '../args.js';
import { CliError } from '../errors.js';
import { say } from '../io.js';
import { startProgress } from '../progress.js';
import {
  addDataOption, addLoginOptions, addShareOptions, collect, loadShares, loginAs, unlockForKeys, withDevice, type LoginFlags, type ShareFlags,
} from '../device-access.js';
import { sharePlan, writeNewSecretFile } from './device.js';

type CreateFlags = ShareFlags & LoginFlags & { out: string; shares: string; threshold: string; outShares: string; backupSharePassphraseEnv?: string[] };
type RestoreFlags = ShareFlags & LoginFlags & { in: string; backupShare?: string[]; backupSharePassphraseEnv?: string[]; force?: boolean };

async function create(flags: CreateFlags): Promise<void> {
  const count = intOption('--shares', flags.shares, 1, 255);
  const threshold = intOption('--threshold', flags.threshold, 1, count);
  const plan = sharePlan({ outShares: flags.outShares, sharePassphraseEnv: flags.backupSharePassphraseEnv }, count);
  try {
    await withDevice(flags, async (device) => {
      await unlockForKeys(device, flags);
      const so = await loginAs(device, 'security-officer', flags);
      const bar = startProgress('backing up keys', (await device.store.listKeyPairs()).length + (await device.store.listKeks()).length);
      const { file, shares, header } = await createBackup(device, so, { threshold, count, onProgress: (n) => bar.update(n) });
      bar.stop();
      try {
        writeNewSecretFile(flags.out, Buffer.from(file).toString('base64') + '\n');
        const info = (i: number): ShareInfo => ({ purpose: 'backup-key', serial: header.sourceSerial, number: i + 1, threshold, count, reference: header.backupId, createdAt: header.createdAt });
        shares.forEach((s, i) => writeNewSecretFile(plan.files[i]!, encodeShareFile(s, info(i), plan.passphrases[i]!, device.random)));
      } finally {
        wipe(...shares);
      }
      say(`backup ${header.backupId} of device ${header.sourceSerial}: ${header.counts.keyPairs} key pairs, ${header.counts.keks} KEKs, ` +
        `${header.counts.accessPasswords} access passwords, ${header.counts.namedKeys} named keys written to ${flags.out}`);
      for (const [i, f] of plan.files.entries()) say(`wrote backup share ${i + 1} of ${count} to ${f} (any ${threshold} restore it)`);
    });
  } finally {
    wipe(...plan.passphrases);
  }
}

function readBackupFile(path: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path}: cannot read the backup file`);
  }
  const bytes = new Uint8Array(Buffer.from(text.trim(), 'base64'));
  readBackupHeader(bytes);
  return bytes;
}

async function restore(flags: RestoreFlags): Promise<void> {
  const file = readBackupFile(flags.in);
  const header = readBackupHeader(file);
  if ((flags.backupShare ?? []).length === 0) throw new CliError(`backup restore: give ${header.threshold} backup shares with --backup-share FILE`);
  const shares = loadShares({ data: flags.data, share: flags.backupShare, sharePassphraseEnv: flags.backupSharePassphraseEnv }, { purpose: 'backup-key', reference: header.backupId });
  try {
    await withDevice(flags, async (device) => {
      await unlockForKeys(device, flags);
      const so = await loginAs(device, 'security-officer', flags);
      const bar = startProgress('restoring keys', header.counts.keyPairs + header.counts.keks + header.counts.namedKeys);
      const counts = await restoreBackup(device, so, file, shares, { force: flags.force, onProgress: (n) => bar.update(n) });
      bar.stop();
      say(`restored backup ${header.backupId} of device ${header.sourceSerial}: ${counts.keyPairs} key pairs, ${counts.keks} KEKs, ` +
        `${counts.accessPasswords} access passwords, ${counts.namedKeys} named keys`);
    });
  } finally {
    wipe(...shares);
  }
}

export function registerBackup(program: Command): void {
  const backup = program.command('backup').description('back up every key under a fresh key split to administrators, and restore it (security officer)');
  addLoginOptions(addShareOptions(addDataOption(backup.command('create'))), 'security-officer')
    .description('write every key, wrapped, to one file and the backup key\'s shares to --out-shares')
    .requiredOption('--out <file>', 'the backup file (must not exist)')
    .requiredOption('--shares <n>', 'how many backup shares')
    .requiredOption('--threshold <m>', 'how many of them restore it')
    .requiredOption('--out-shares <dir>', 'directory for backup-share-1..N')
    .option('--backup-share-passphrase-env <var>', 'variable holding a backup share passphrase (default MIMA_SHARE_PASSPHRASE_<n>)', collect)
    .action(create);
  addLoginOptions(addShareOptions(addDataOption(backup.command('restore'))), 'security-officer')
    .description('put a backup\'s keys back at their indexes (byte-identical keys)')
    .requiredOption('--in <file>', 'the backup file')
    .option('--backup-share <file>', 'a backup share file (repeat threshold times)', collect)
    .option('--backup-share-passphrase-env <var>', 'variable holding a backup share passphrase', collect)
    .option('--force', 'replace keys at indexes that are taken')
    .action(restore);
}

