/**
 * The GM/T 0059 items measured over the network (`mima bench --target`): N concurrent clients,
 * each with its own session on a pool of connections, run each item for a fixed time; the result
 * is operations per second (or Mbit/s) and latency percentiles per item, plus a mixed workload.
 *
 * Items need an SM2 key pair at `index` (access password `password`); symmetric key generation
 * a KEK at `kekIndex`; the SVS items (GM/T 0029 over the protocol) the index's certificate and
 * its CA in the machine's trust store (management API, /v1/svs/trust). An item the machine
 * cannot run is reported as skipped with the machine's answer.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { utf8 } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { SGD_SM2_1, SGD_SM2_3, SGD_SM3, SGD_SM3_SM2, SGD_SM4_CBC, SGD_SM4_ECB } from '../sdf/sgd.js';
import type { ECCCipher, ECCrefPublicKey, ECCSignature } from '../sdf/structs.js';
import type { RemoteConfig } from './config.js';
import { connectRemote, type RemoteSdf } from './remote.js';

export interface LoadOptions {
  config: RemoteConfig;
  concurrency: number;
  /** Seconds per item. */
  duration: number;
  index: number;
  password: string;
  kekIndex: number;
  /** Items to run (default all). */
  only?: readonly string[];
  onProgress?(done: number, total: number, item: string): void;
}

export interface LoadRecord {
  item: string;
  bytes: number;
  opsPerSec: number;
  mbitPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  skipped?: string;
}

const KiB = 1024;
const SIZES = [16, KiB, 16 * KiB, 1024 * KiB];

type Op = () => Promise<unknown>;

interface Client {
  h: number;
  hk: number;
  pub: ECCrefPublicKey;
  e: Uint8Array;
  sig: ECCSignature;
  ct: ECCCipher;
}

/** One item's per-client operation factory and its payload size in bytes (0: an op count item). */
interface Item {
  name: string;
  bytes: number;
  make(sdf: RemoteSdf, c: Client): Op;
}

function items(o: LoadOptions): Item[] {
  const list: Item[] = [
    { name: 'random', bytes: 4 * KiB, make: (s, c) => () => s.SDF_GenerateRandom(c.h, 4 * KiB) },
    {
      name: 'symmetric-keygen', bytes: 0,
      make: (s, c) => async () => {
        const r = (await s.SDF_GenerateKeyWithKEK(c.h, 128, SGD_SM4_ECB, o.kekIndex)) as { phKeyHandle: number };
        await s.SDF_DestroyKey(c.h, r.phKeyHandle);
      },
    },
    { name: 'sm2-keygen', bytes: 0, make: (s, c) => () => s.SDF_GenerateKeyPair_ECC(c.h, SGD_SM2_1, 256) },
    { name: 'sm2-sign', bytes: 0, make: (s, c) => () => s.SDF_InternalSign_ECC(c.h, o.index, c.e) },
    { name: 'sm2-verify', bytes: 0, make: (s, c) => () => s.SDF_ExternalVerify_ECC(c.h, SGD_SM2_1, c.pub, c.e, c.sig) },
    { name: 'sm2-encrypt', bytes: 0, make: (s, c) => () => s.SDF_InternalEncrypt_ECC(c.h, o.index, SGD_SM2_3, c.e) },
    { name: 'sm2-decrypt', bytes: 0, make: (s, c) => () => s.SDF_InternalDecrypt_ECC(c.h, o.index, SGD_SM2_3, c.ct) },
  ];
  for (const bytes of SIZES) {
    const data = randomBytes(bytes);
    list.push({
      name: 'sm3', bytes,
      make: (s, c) => async () => {
        await s.SDF_HashInit(c.h, SGD_SM3, null, null);
        await s.SDF_HashUpdate(c.h, data);
        await s.SDF_HashFinal(c.h);
      },
    });
    list.push({ name: 'sm4-ecb', bytes, make: (s, c) => () => s.SDF_Encrypt(c.h, c.hk, SGD_SM4_ECB, null, data) });
    list.push({ name: 'sm4-cbc', bytes, make: (s, c) => () => s.SDF_Encrypt(c.h, c.hk, SGD_SM4_CBC, new Uint8Array(16), data) });
  }
  // The machine's signature-verification server (GM/T 0029 over the protocol): needs the key
  // index's certificate in the machine's trust store (otherwise these items are skipped).
  const svsData = randomBytes(KiB);
  const password = utf8(o.password);
  let svsCert: Uint8Array | undefined;
  let svsSig: Uint8Array | undefined;
  let svsMsg: Uint8Array | undefined;
  const svsSetup = async (s: RemoteSdf): Promise<void> => {
    svsCert ??= (await s.SVS_ExportCert(utf8(`index:${o.index}`))) as Uint8Array;
    svsSig ??= (await s.SVS_SignData(SGD_SM3_SM2, o.index, password, svsData)) as Uint8Array;
    svsMsg ??= (await s.SVS_SignMessage(SGD_SM3_SM2, o.index, password, svsData, 1)) as Uint8Array;
  };
  list.push(
    { name: 'svs-sign-data', bytes: 0, make: (s) => async () => s.SVS_SignData(SGD_SM3_SM2, o.index, password, svsData) },
    {
      name: 'svs-verify-signed-data', bytes: 0,
      make: (s) => async () => {
        await svsSetup(s);
        if ((await s.SVS_VerifySignedData(1, svsCert!, svsData, svsSig!, 2)) !== 0) throw new Error('verification failed');
      },
    },
    { name: 'pkcs7-sign', bytes: KiB, make: (s) => async () => s.SVS_SignMessage(SGD_SM3_SM2, o.index, password, svsData, 1) },
    {
      name: 'pkcs7-verify', bytes: KiB,
      make: (s) => async () => {
        await svsSetup(s);
        if ((await s.SVS_VerifySignedMessage(svsMsg!, null)) !== 0) throw new Error('verification failed');
      },
    },
  );
  const mixData = randomBytes(KiB);
  list.push({
    name: 'mixed', bytes: 0,
    make: (s, c) => {
      let n = 0;
      const ops: Op[] = [
        () => s.SDF_InternalSign_ECC(c.h, o.index, c.e),
        () => s.SDF_ExternalVerify_ECC(c.h, SGD_SM2_1, c.pub, c.e, c.sig),
        () => s.SDF_Encrypt(c.h, c.hk, SGD_SM4_CBC, new Uint8Array(16), mixData),
        () => s.SDF_GenerateRandom(c.h, 32),
      ];
      return () => ops[n++ % ops.length]!();
    },
  });
  return o.only ? list.filter((i) => o.only!.includes(i.name)) : list;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs the items one after another; returns one record per (item, size). */
export async function runLoad(o: LoadOptions): Promise<LoadRecord[]> {
  const sdf = await connectRemote({ ...o.config, poolSize: Math.min(o.concurrency, 16) });
  try {
    const clients: Client[] = [];
    for (let i = 0; i < o.concurrency; i++) {
      const h = (await sdf.SDF_OpenSession()) as number;
      await sdf.SDF_GetPrivateKeyAccessRight(h, o.index, utf8(o.password));
      const pub = (await sdf.SDF_ExportSignPublicKey_ECC(h, o.index)) as ECCrefPublicKey;
      const e = randomBytes(32);
      clients.push({
        h, pub, e,
        hk: (await sdf.SDF_ImportKey(h, randomBytes(16))) as number,
        sig: (await sdf.SDF_InternalSign_ECC(h, o.index, e)) as ECCSignature,
        ct: (await sdf.SDF_InternalEncrypt_ECC(h, o.index, SGD_SM2_3, e)) as ECCCipher,
      });
    }
    const all = items(o);
    const records: LoadRecord[] = [];
    for (const [k, item] of all.entries()) {
      o.onProgress?.(k, all.length, `${item.name}${item.bytes ? ` ${item.bytes} B` : ''}`);
      records.push(await runItem(sdf, clients, item, o.duration));
    }
    o.onProgress?.(all.length, all.length, 'done');
    for (const c of clients) await sdf.SDF_CloseSession(c.h);
    return records;
  } finally {
    sdf.close();
  }
}

async function runItem(sdf: RemoteSdf, clients: Client[], item: Item, seconds: number): Promise<LoadRecord> {
  const base = { item: item.name, bytes: item.bytes };
  // One call first: an item the machine refuses is skipped with its reason.
  try {
    await item.make(sdf, clients[0]!)();
  } catch (e) {
    return { ...base, opsPerSec: 0, mbitPerSec: 0, p50Ms: 0, p99Ms: 0, errors: 1, skipped: e instanceof CryptoError ? `${e.code}: ${e.message}` : String(e) };
  }
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(clients.map(async (c) => {
    const op = item.make(sdf, c);
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await op();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const opsPerSec = latencies.length / elapsed;
  return { ...base, opsPerSec, mbitPerSec: (opsPerSec * item.bytes * 8) / 1e6, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors };
}
