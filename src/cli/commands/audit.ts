/**
 * `mima audit show|verify --data DIR` (auditor): the device's audit chain.
 *   show    lists records (`--since SEQ`, `--limit N`, `--json` for JSON lines)
 *   verify  replays the chain (SM3 links, HMAC-SM3 under the audit key, the MACed head):
 *           exit 0 "OK n records", or exit 1 naming the first record that was edited, deleted or
 *           reordered.
 * The audit key lives in the device, so a shares-sealed device needs --share to verify.
 */
import type { Command } from 'commander';
import { toHex } from '../../algorithms/internal/bytes.js';
import { intOption } from '../args.js';
import { EXIT_CHECK_FAILED } from '../errors.js';
import { say } from '../io.js';
import { startProgress } from '../progress.js';
import {
  addDataOption, addLoginOptions, addShareOptions, loginAs, unlockForKeys, withDevice, type LoginFlags, type ShareFlags,
} from '../device-access.js';

type AuditFlags = ShareFlags & LoginFlags;

async function show(flags: AuditFlags & { since: string; limit: string; json?: boolean }): Promise<void> {
  const since = intOption('--since', flags.since, 0, Number.MAX_SAFE_INTEGER);
  const limit = intOption('--limit', flags.limit, 1, 1_000_000);
  await withDevice(flags, async (device) => {
    await unlockForKeys(device, flags);
    const auditor = await loginAs(device, 'auditor', flags);
    await device.auditLog(auditor).flush();
    const records = await device.store.listAudit(since, limit);
    for (const r of records) {
      if (flags.json) {
        say(JSON.stringify({ ...r, prevHash: toHex(r.prevHash), mac: toHex(r.mac) }));
      } else {
        const detail = Object.keys(r.detail).length ? ` ${JSON.stringify(r.detail)}` : '';
        say(`${r.seq} ${r.at} ${r.actor}${r.role ? `(${r.role})` : ''} ${r.action}${r.target ? ` ${r.target}` : ''} ${r.outcome}${detail}`);
      }
    }
  });
}

async function verify(flags: AuditFlags): Promise<void> {
  await withDevice(flags, async (device) => {
    await unlockForKeys(device, flags);
    const auditor = await loginAs(device, 'auditor', flags);
    const log = device.auditLog(auditor);
    const bar = startProgress('verifying audit chain', Math.max(2, (await device.store.listAudit(0, 1_000_000)).length));
    const verdict = await log.verify((done) => bar.update(done));
    bar.stop();
    if (verdict.ok) {
      say(`OK ${verdict.records} records`);
    } else {
      say(`FAIL record ${verdict.firstBad!.seq}: ${verdict.firstBad!.reason} (${verdict.records} records verified before it)`);
      process.exitCode = EXIT_CHECK_FAILED;
    }
  });
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the device audit chain (auditor)');
  addLoginOptions(addShareOptions(addDataOption(audit.command('show'))), 'auditor')
    .description('list audit records')
    .option('--since <seq>', 'records after this sequence number', '0')
    .option('--limit <n>', 'at most this many records', '1000')
    .option('--json', 'one JSON object per line')
    .action(show);
  addLoginOptions(addShareOptions(addDataOption(audit.command('verify'))), 'auditor')
    .description('replay the chain: OK (exit 0) or the first bad record (exit 1)')
    .action(verify);
}
