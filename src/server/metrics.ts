/**
 * Prometheus metrics of the machine (/metrics): SDF calls by function, application and result,
 * their latency, batch sizes, plus the process's default metrics. One registry per process.
 *
 * @module
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'mima_' });

const calls = new Counter({
  name: 'mima_sdf_calls_total', help: 'SDF calls answered, by function, application and SDR result code',
  labelNames: ['function', 'application', 'result'] as const, registers: [registry],
});
const errors = new Counter({
  name: 'mima_sdf_errors_total', help: 'SDF calls answered with an error code, by function and code',
  labelNames: ['function', 'code'] as const, registers: [registry],
});
const latency = new Histogram({
  name: 'mima_sdf_call_seconds', help: 'Time from request decoded to response sent, by function',
  labelNames: ['function'] as const, registers: [registry],
  buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
});
const batches = new Histogram({
  name: 'mima_batch_size', help: 'Requests grouped into one engine batch, by kind',
  labelNames: ['kind'] as const, registers: [registry], buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
});

export function recordCall(fn: string, app: string, seconds: number, rv: number): void {
  const result = rv === 0 ? 'ok' : `0x${rv.toString(16).padStart(8, '0')}`;
  calls.inc({ function: fn, application: app, result });
  if (rv !== 0) errors.inc({ function: fn, code: result });
  latency.observe({ function: fn }, seconds);
}

export function recordBatch(kind: string, size: number): void {
  batches.observe({ kind }, size);
}
