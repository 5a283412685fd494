/**
 * `npm run bench`: Mima beside its peers, in one process on one core, in the GM/T 0059 units
 * (operations per second for SM2, Mbit/s and MB/s for SM3/SM4/ZUC/DRBG).
 *
 *   npm run bench                    full run (a few minutes)
 *   npm run bench -- --quick         under a minute
 *   npm run bench -- --only sm2-sign,sm3 --impl mima-ts,sm-crypto-v2
 *
 * Each line (operation, size) is measured in rounds; within a round every implementation gets
 * one timed slice, in rotating order, and each keeps its best slice. Interleaving means a noisy
 * moment on the shared machine hurts everyone on that line alike. Results go to
 * bench/results/latest.json (not committed) as BenchRecord[].
 *
 * The device lines (`sdf-*`) put GM/T 0018 operations through the crypto device beside the same
 * work on the engine it uses (peers/sdf.ts) and print their own table with the ratio:
 *   npm run bench -- --only sdf-internal-sign-batch,sdf-sm4-cbc-encrypt --impl mima-engine,mima-sdf
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { timeSlice, timeSliceAsync } from './measure.js';
import { formatTable } from './report.js';
import { formatDeviceTable, isDeviceLine } from './report-device.js';
import { startProgress } from './progress.js';
import { BATCH_LINES, IMPLEMENTATIONS, OPERATIONS, SIGN_BATCH } from './types.js';
import type { Adapter, BenchRecord, Implementation, Operation } from './types.js';
import { mimaAdapters } from './peers/mima.js';
import { nodeCryptoAdapter } from './peers/node-crypto.js';
import { smCryptoAdapter } from './peers/sm-crypto.js';
import { smCryptoV2Adapter } from './peers/sm-crypto-v2.js';
import { engineBaselineAdapter, sdfAdapter, sdfSizes } from './peers/sdf.js';
import { pkiAdapter } from './peers/pki.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Message sizes per operation: full run, quick run. */
function sizesFor(op: Operation, quick: boolean): number[] {
  if (op.startsWith('sdf-')) return sdfSizes(op, quick);
  if (op.startsWith('pkcs7-')) return quick ? [KiB] : [KiB, MiB];
  if (op.startsWith('svs-') || op === 'tsa-timestamp') return [32];
  if (op.startsWith('sm2-')) return [32];
  if (op === 'sm3') return quick ? [64, 16 * KiB] : [16, 64, KiB, 16 * KiB, MiB];
  if (op.startsWith('sm4-')) return quick ? [16, 16 * KiB] : [16, KiB, 16 * KiB, MiB];
  if (op.startsWith('zuc-')) return quick ? [16 * KiB] : [KiB, 16 * KiB, MiB];
  return quick ? [KiB] : [32, KiB, 64 * KiB]; // drbg
}

function parseList<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`unknown ${what} "${item}" (one of: ${allowed.join(', ')})`);
  }
  return items as T[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      impl: { type: 'string' },
      json: { type: 'string', default: 'bench/results/latest.json' },
    },
  });
  const quick = values.quick ?? false;
  const operations = parseList(values.only, OPERATIONS, 'operation');
  const wanted = parseList(values.impl, IMPLEMENTATIONS, 'implementation');
  const adapters: Adapter[] = [...mimaAdapters(), nodeCryptoAdapter, smCryptoV2Adapter, smCryptoAdapter, engineBaselineAdapter(), sdfAdapter(), pkiAdapter()].filter((a) =>
    wanted.includes(a.implementation),
  );
  for (const a of adapters) await a.setup?.();
  const rounds = quick ? 2 : 3;
  const sliceMs = quick ? 120 : 600;

  const lines: { op: Operation; bytes: number }[] = [];
  for (const op of operations) for (const bytes of sizesFor(op, quick)) lines.push({ op, bytes });

  const progress = startProgress(lines.length);
  const records: BenchRecord[] = [];
  for (const { op, bytes } of lines) {
    progress.tick(`${op} ${bytes} B`);
    const prepared: { impl: Implementation; run: () => unknown; async: boolean }[] = [];
    for (const a of adapters) {
      const run = a.prepare(op, bytes);
      if (run) prepared.push({ impl: a.implementation, run, async: false });
    }
    const best = new Map<Implementation, number>();
    for (const p of prepared) {
      // Warm-up (JIT, lazily built tables); an op that returns a promise is timed awaiting each call.
      const w = p.run();
      if (w instanceof Promise) {
        p.async = true;
        await w;
      }
    }
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < prepared.length; i++) {
        const p = prepared[(i + r) % prepared.length]!;
        const { opsPerSec } = p.async ? await timeSliceAsync(p.run as () => Promise<unknown>, sliceMs) : timeSlice(p.run, sliceMs);
        best.set(p.impl, Math.max(best.get(p.impl) ?? 0, opsPerSec));
      }
    }
    for (const [implementation, callsPerSec] of best) {
      // A batch line's call signs SIGN_BATCH messages; its record counts signatures.
      const opsPerSec = BATCH_LINES.has(op) ? callsPerSec * SIGN_BATCH : callsPerSec;
      records.push({ implementation, operation: op, bytes, opsPerSec, mbitPerSec: (opsPerSec * bytes * 8) / 1e6 });
    }
  }
  progress.stop();
  for (const a of adapters) await a.teardown?.();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Mima benchmark, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpu}, one core`);
  for (const a of adapters) console.log(`  ${a.implementation}: ${a.notes}`);
  const deviceImpls = new Set<Implementation>(['mima-engine', 'mima-sdf']);
  const engineLines = records.filter((r) => !isDeviceLine(r));
  if (engineLines.length > 0) console.log(formatTable(engineLines, adapters.map((a) => a.implementation).filter((i) => !deviceImpls.has(i))));
  const device = records.filter(isDeviceLine);
  if (device.length > 0) console.log('\n' + formatDeviceTable(device));
  if (values.json) {
    mkdirSync(dirname(values.json), { recursive: true });
    writeFileSync(values.json, JSON.stringify(records, null, 2) + '\n');
    console.log(`wrote ${records.length} records to ${values.json}`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
