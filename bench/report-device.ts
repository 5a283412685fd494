/**
 * The device-layer table: each GM/T 0018 line through the crypto device ('mima-sdf') beside the
 * same work on the engine it uses ('mima-engine'), and their ratio (1.00 = no device cost).
 */
import type { BenchRecord } from './types.js';

/** Lines reported in operations per second; the others (SM4, random) in MB/s. */
const RATE_LINES = new Set([
  'sdf-internal-sign', 'sdf-internal-sign-batch', 'sdf-internal-verify', 'sdf-external-verify',
  'sdf-internal-encrypt', 'sdf-internal-decrypt', 'sdf-generate-key-with-kek',
]);

export function isDeviceLine(r: BenchRecord): boolean {
  return r.operation.startsWith('sdf-');
}

function cell(r: BenchRecord | undefined): string {
  if (!r) return '-';
  if (RATE_LINES.has(r.operation)) return `${Math.round(r.opsPerSec).toLocaleString('en-US')}/s`;
  return `${(r.mbitPerSec / 8).toFixed(1)} MB/s`;
}

export function formatDeviceTable(records: BenchRecord[]): string {
  const keys: string[] = [];
  const byKey = new Map<string, { engine?: BenchRecord; sdf?: BenchRecord }>();
  for (const r of records) {
    const k = `${r.operation}|${r.bytes}`;
    if (!byKey.has(k)) {
      byKey.set(k, {});
      keys.push(k);
    }
    const line = byKey.get(k)!;
    if (r.implementation === 'mima-engine') line.engine = r;
    if (r.implementation === 'mima-sdf') line.sdf = r;
  }
  const header = ['device line', 'bytes', 'mima-engine', 'mima-sdf', 'sdf/engine'];
  const rows: string[][] = [header];
  for (const k of keys) {
    const [op, bytes] = k.split('|') as [string, string];
    const { engine, sdf } = byKey.get(k)!;
    const ratio = engine && sdf ? `${(sdf.opsPerSec / engine.opsPerSec).toFixed(2)}` : '-';
    rows.push([op, bytes, cell(engine), cell(sdf), ratio]);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const fmt = (r: string[]): string => r.map((v, c) => (c < 1 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  return [fmt(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)].join('\n');
}
