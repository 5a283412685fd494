/** The benchmark table: one row per (operation, size), one column per implementation. */
import type { BenchRecord, Implementation } from './types.js';

const PUBLIC_KEY_OPS = new Set(['sm2-keygen', 'sm2-sign', 'sm2-sign-batch', 'sm2-keygen-batch', 'sm2-verify', 'sm2-encrypt', 'sm2-decrypt',
  'svs-sign-data', 'svs-verify-signed-data', 'pkcs7-sign', 'pkcs7-verify', 'tsa-timestamp']);

function cell(r: BenchRecord | undefined, op: string): string {
  if (!r) return '-';
  if (PUBLIC_KEY_OPS.has(op)) return `${Math.round(r.opsPerSec).toLocaleString('en-US')}/s`;
  return `${(r.mbitPerSec / 8).toFixed(1)} MB/s`;
}

/** Peers each Mima line is compared with: the best pure-JS package, and OpenSSL through node. */
const RATIO_PEERS: readonly Implementation[] = ['sm-crypto-v2', 'node-crypto'];

/**
 * Renders records as a text table, one column per implementation, then Mima's best backend
 * divided by each reference peer on the same line (>1 means Mima is faster).
 */
export function formatTable(records: BenchRecord[], implementations: Implementation[]): string {
  const keys: string[] = [];
  const byKey = new Map<string, Map<Implementation, BenchRecord>>();
  for (const r of records) {
    const k = `${r.operation}|${r.bytes}`;
    if (!byKey.has(k)) {
      byKey.set(k, new Map());
      keys.push(k);
    }
    byKey.get(k)!.set(r.implementation, r);
  }
  const header = ['operation', 'bytes', ...implementations, ...RATIO_PEERS.map((p) => `vs ${p}`)];
  const rows: string[][] = [header];
  for (const k of keys) {
    const [op, bytes] = k.split('|') as [string, string];
    const line = byKey.get(k)!;
    let mima = 0;
    for (const [impl, r] of line) if (impl.startsWith('mima')) mima = Math.max(mima, r.opsPerSec);
    const ratios = RATIO_PEERS.map((p) => {
      const peer = line.get(p)?.opsPerSec ?? 0;
      return mima > 0 && peer > 0 ? `${(mima / peer).toFixed(2)}x` : '-';
    });
    rows.push([op, bytes, ...implementations.map((i) => cell(line.get(i), op)), ...ratios]);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const fmt = (r: string[]): string => r.map((v, c) => (c < 1 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  return [fmt(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)].join('\n');
}
