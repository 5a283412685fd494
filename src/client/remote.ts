/**
 * A remote machine with the local facade's interface: `connectRemote(config)` returns an object
 * whose `SDF_*` and `MIMA_*` functions take and return what the functions of src/sdf/ do
 * (structures as objects, several outputs as an object named by the standard's output
 * parameters), so code written against the local device runs unchanged against the network
 * machine (await the results: remote calls are always asynchronous).
 *
 * Every function of src/protocol/functions.ts is generated from the table. Device handles are
 * the remote device itself; sessions are spread over a pool of connections and each session's
 * calls go to the connection that opened it (sessions live in their connection on the server).
 * A connection that fails is replaced for new sessions, with exponential backoff between
 * connect attempts; sessions it carried are gone and their calls fail with SDR_COMMFAIL.
 *
 * @module
 */
import { concatBytes } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { FUNCTIONS, type FunctionSpec, type WireKind } from '../protocol/functions.js';
import type { WireValue } from '../protocol/values.js';
import { STRUCT_CODECS, STRUCT_SIZES, decodeECCSignature, encodeECCSignature, type ECCSignature, type StructName } from '../sdf/structs.js';
import { readSdfConf, type RemoteConfig } from './config.js';
import { Connection } from './connection.js';

type SdfFunction = (...args: unknown[]) => Promise<unknown>;

/** The SDF functions of a remote machine, plus pool control. */
export interface RemoteSdf {
  readonly [name: `SDF_${string}` | `MIMA_${string}` | `SVS_${string}`]: SdfFunction;
  /** Closes every connection (sessions on the machine are closed and their keys wiped). */
  close(): void;
  /** Open connections in the pool. */
  readonly connections: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function toWire(kind: WireKind, v: unknown, name: string): WireValue {
  if (v === null || v === undefined) return null;
  if (kind === 'u32') {
    if (typeof v !== 'number') throw new TypeError(`${name}: expected a number`);
    return v;
  }
  if (kind === 'bytes') {
    if (!(v instanceof Uint8Array)) throw new TypeError(`${name}: expected a Uint8Array`);
    return v;
  }
  return (STRUCT_CODECS[kind.slice('struct:'.length) as StructName] as { encode(x: unknown): Uint8Array }).encode(v);
}

function fromWire(kind: WireKind, v: WireValue): unknown {
  if (kind === 'u32' || kind === 'bytes' || v === null) return v;
  return STRUCT_CODECS[kind.slice('struct:'.length) as StructName].decode(v as Uint8Array);
}

class Pool {
  readonly #config: RemoteConfig;
  readonly #size: number;
  #conns: Connection[] = [];
  #next = 0;
  /** Local session handle → its connection and the server's handle. */
  readonly sessions = new Map<number, { conn: Connection; remote: number }>();
  #nextSession = 1;

  constructor(config: RemoteConfig) {
    this.#config = config;
    this.#size = Math.max(1, config.poolSize ?? 2);
  }

  get size(): number {
    return this.#conns.filter((c) => !c.closed).length;
  }

  async #connect(): Promise<Connection> {
    const attempts = this.#config.connectAttempts ?? 5;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await sleep(100 * 2 ** (i - 1));
      try {
        return await Connection.open(this.#config);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  /** A live connection for a new session (round robin; dead ones replaced). */
  async pick(): Promise<Connection> {
    this.#conns = this.#conns.filter((c) => !c.closed);
    if (this.#conns.length < this.#size) {
      const c = await this.#connect();
      this.#conns.push(c);
      return c;
    }
    return this.#conns[this.#next++ % this.#conns.length]!;
  }

  addSession(conn: Connection, remote: number): number {
    const h = this.#nextSession++;
    this.sessions.set(h, { conn, remote });
    return h;
  }

  session(h: unknown): { conn: Connection; remote: number } {
    const s = typeof h === 'number' ? this.sessions.get(h) : undefined;
    if (!s) throw new CryptoError('SDR_INARGERR', `remote: ${String(h)} is not an open session handle`);
    return s;
  }

  close(): void {
    for (const c of this.#conns) c.close();
    this.#conns = [];
    this.sessions.clear();
  }
}

const SIG = STRUCT_SIZES.ECCSignature;

/** Connects to a machine (config object, or an sdf.conf path / MIMA_SDF_CONFIG / the demo's). */
export async function connectRemote(config?: RemoteConfig | string): Promise<RemoteSdf> {
  const cfg = typeof config === 'object' ? config : readSdfConf(config);
  const pool = new Pool(cfg);
  await pool.pick(); // fail early when the machine cannot be reached

  const fns: Record<string, SdfFunction> = {};
  for (const spec of FUNCTIONS) fns[spec.name] = makeCall(spec, pool);

  // The device level: the remote machine is the device.
  fns.SDF_OpenDevice = async () => 1;
  fns.SDF_CloseDevice = async () => {
    pool.close();
  };
  fns.SDF_OpenSession = async () => {
    const conn = await pool.pick();
    const [remote] = await conn.request(0x0101, []);
    return pool.addSession(conn, remote as number);
  };
  const close = fns.SDF_CloseSession!;
  fns.SDF_CloseSession = async (h: unknown) => {
    await close(h);
    pool.sessions.delete(h as number);
  };
  // Batch extensions: arrays locally, concatenated items on the wire.
  fns.MIMA_InternalSign_ECC_Batch = async (h: unknown, index: unknown, digests: unknown) => {
    const s = pool.session(h);
    const all = concatBytes(...(digests as Uint8Array[]));
    const [sigs] = await s.conn.request(0x0801, [s.remote, index as number, all]);
    const out: ECCSignature[] = [];
    for (let i = 0; i < (sigs as Uint8Array).length; i += SIG) out.push(decodeECCSignature((sigs as Uint8Array).subarray(i, i + SIG)));
    return out;
  };
  fns.MIMA_InternalVerify_ECC_Batch = async (h: unknown, index: unknown, digests: unknown, signatures: unknown) => {
    const s = pool.session(h);
    const [verdicts] = await s.conn.request(0x0802, [s.remote, index as number, concatBytes(...(digests as Uint8Array[])), concatBytes(...(signatures as ECCSignature[]).map(encodeECCSignature))]);
    return [...(verdicts as Uint8Array)].map((v) => v === 1);
  };
  return Object.freeze({
    ...fns,
    close: () => pool.close(),
    get connections() {
      return pool.size;
    },
  }) as unknown as RemoteSdf;
}

function makeCall(spec: FunctionSpec, pool: Pool): SdfFunction {
  const sessionFirst = spec.args[0]?.name === 'hSessionHandle';
  return async (...args: unknown[]) => {
    if (args.length > spec.args.length) throw new TypeError(`${spec.name}: ${spec.args.length} arguments, got ${args.length}`);
    // SDF calls go to their session's connection; session-less calls (the SVS functions) to any.
    const s = sessionFirst ? pool.session(args[0]) : { conn: await pool.pick(), remote: 0 };
    const wire = spec.args.map((p, i) => (sessionFirst && i === 0 ? s.remote : toWire(p.kind, args[i], `${spec.name}.${p.name}`)));
    spec.args.forEach((p, i) => {
      if (wire[i] === null && !p.optional) throw new CryptoError('SDR_INARGERR', `${spec.name}: ${p.name} is required`);
    });
    const outs = await s.conn.request(spec.code, wire);
    if (outs.length !== spec.outs.length) throw new CryptoError('SDR_COMMFAIL', `${spec.name}: ${outs.length} outputs, expected ${spec.outs.length}`);
    if (spec.outs.length === 0) return undefined;
    if (spec.outs.length === 1) return fromWire(spec.outs[0]!.kind, outs[0]!);
    return Object.fromEntries(spec.outs.map((o, i) => [o.name, fromWire(o.kind, outs[i]!)]));
  };
}
