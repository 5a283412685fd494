/**
 * Timing of one benchmark case: warm-up, then repeated timed slices, best slice kept.
 *
 * The machines are noisy (2 shared cores), so each case is measured in several short slices
 * interleaved with the other implementations of the same line (see run.ts) and the best slice
 * counts: noise only ever slows a slice down.
 */
import { performance } from 'node:perf_hooks';

/** A prepared operation: one call does one unit of work (one signature, one message). */
export type Op = () => unknown;

export interface SliceResult {
  opsPerSec: number;
  iterations: number;
  ms: number;
}

/** Runs `op` in batches until `minMs` have passed; returns the rate over that slice. */
export function timeSlice(op: Op, minMs: number): SliceResult {
  let iterations = 0;
  let batch = 1;
  const start = performance.now();
  let now = start;
  // Grow the batch so the clock is read rarely relative to cheap operations.
  while (now - start < minMs) {
    for (let i = 0; i < batch; i++) op();
    iterations += batch;
    now = performance.now();
    if (now - start < minMs / 20) batch *= 2;
  }
  const ms = now - start;
  return { opsPerSec: (iterations * 1000) / ms, iterations, ms };
}

/** `timeSlice` for an operation that returns a promise: each call is awaited before the next. */
export async function timeSliceAsync(op: () => Promise<unknown>, minMs: number): Promise<SliceResult> {
  let iterations = 0;
  let batch = 1;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < batch; i++) await op();
    iterations += batch;
    now = performance.now();
    if (now - start < minMs / 20) batch *= 2;
  }
  const ms = now - start;
  return { opsPerSec: (iterations * 1000) / ms, iterations, ms };
}
