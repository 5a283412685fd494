/**
 * The pure-TypeScript backend: the algorithms of src/algorithms/ behind the engine interface.
 * Always available; the reference every other backend is tested against.
 */
import { sm3, hmacSm3 } from '../../algorithms/sm3/index.js';
import { eea3, eia3 } from '../../algorithms/zuc/index.js';
import type { SmBackend, Sm3Ops, ZucOps } from '../types.js';
import { tsSm2 } from './sm2.js';
import { tsSm4 } from './sm4.js';

const tsSm3: Sm3Ops = Object.freeze({
  digest: (data: Uint8Array) => sm3(data),
  digestBatch: (messages: readonly Uint8Array[]) => messages.map((m) => sm3(m)),
  create: () => sm3.create(),
  hmac: (key: Uint8Array, data: Uint8Array) => hmacSm3(key, data),
});

const tsZuc: ZucOps = Object.freeze({ eea3, eia3 });

export const tsBackend: SmBackend = Object.freeze({
  name: 'ts',
  cpuFeatures: Object.freeze([]),
  sm2: tsSm2,
  sm3: tsSm3,
  sm4: tsSm4,
  zuc: tsZuc,
});
