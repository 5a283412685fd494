/**
 * `mima bench --target HOST:PORT [--concurrency N] [--duration S] [--json FILE] [--config sdf.conf]`:
 * the GM/T 0059 items measured against a running machine over the network (src/client/load.ts).
 * The client certificate, key and CA come from the sdf.conf (default MIMA_SDF_CONFIG, else
 * ./data/clients/demo/sdf.conf); --target overrides its host and port.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readSdfConf } from '../../client/config.js';
import { runLoad, type LoadRecord } from '../../client/load.js';
import { CliError } from '../errors.js';
import { say } from '../io.js';
import { startProgress } from '../progress.js';

function positive(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${what}: expected a positive integer, got "${value}"`);
  return n;
}

function table(records: LoadRecord[]): string {
  const rows = [['item', 'bytes', 'ops/s', 'Mbit/s', 'p50 ms', 'p99 ms', 'errors']];
  for (const r of records) {
    if (r.skipped) {
      rows.push([r.item, String(r.bytes || '-'), 'skipped', r.skipped.slice(0, 60), '', '', '']);
      continue;
    }
    rows.push([r.item, String(r.bytes || '-'), Math.round(r.opsPerSec).toLocaleString('en-US'), r.bytes ? r.mbitPerSec.toFixed(1) : '-',
      r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), String(r.errors)]);
  }
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((v, c) => (c === 0 ? v.padEnd(w[c]!) : v.padStart(w[c]!))).join('  ')).join('\n');
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('GM/T 0059 throughput and latency of a machine over the network')
    .requiredOption('--target <host:port>', 'the machine')
    .option('--concurrency <n>', 'concurrent clients (one session each)', '16')
    .option('--duration <s>', 'seconds per item', '3')
    .option('--config <file>', 'sdf.conf with the client certificate, key and CA')
    .option('--index <n>', 'SM2 key index to use', '1')
    .option('--password-env <var>', 'variable holding its access password (default: "demo")')
    .option('--kek-index <n>', 'KEK index for symmetric key generation', '1')
    .option('--only <items>', 'comma-separated items (random, symmetric-keygen, sm2-keygen, sm2-sign, sm2-verify, sm2-encrypt, sm2-decrypt, sm3, sm4-ecb, sm4-cbc, svs-sign-data, svs-verify-signed-data, pkcs7-sign, pkcs7-verify, mixed)')
    .option('--json <file>', 'write the records as JSON')
    .action(async (f: { target: string; concurrency: string; duration: string; config?: string; index: string; passwordEnv?: string; kekIndex: string; only?: string; json?: string }) => {
      const m = /^(.+):(\d{1,5})$/.exec(f.target);
      if (!m) throw new CliError(`--target: expected HOST:PORT, got "${f.target}"`);
      const config = { ...readSdfConf(f.config), host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
      const password = f.passwordEnv ? process.env[f.passwordEnv] : 'demo';
      if (password === undefined) throw new CliError(`--password-env: ${f.passwordEnv} is not set`);
      let bar: ReturnType<typeof startProgress> | undefined;
      const records = await runLoad({
        config, concurrency: positive(f.concurrency, '--concurrency'), duration: positive(f.duration, '--duration'),
        index: positive(f.index, '--index'), kekIndex: positive(f.kekIndex, '--kek-index'), password,
        only: f.only?.split(',').map((s) => s.trim()).filter(Boolean),
        onProgress(done, total) {
          bar ??= startProgress('mima bench', total);
          bar.update(done);
        },
      });
      bar?.stop();
      say(`mima bench: ${config.host}:${config.port}, concurrency ${f.concurrency}, ${f.duration} s per item, ${new Date().toISOString()}`);
      say(table(records));
      if (f.json) writeFileSync(f.json, `${JSON.stringify(records, null, 2)}\n`);
    });
}
