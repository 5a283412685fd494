/**
 * From the wire to the SDF facade and back: each function code of src/protocol/functions.ts
 * is decoded into the arguments of the `SDF_*` function of the same name (structures from their
 * packed C layout, absent optional values as null), called, and its result encoded as the
 * function's outputs (one output: the value; several: the result object's fields named as the
 * outputs). The Mima batch functions carry items concatenated on the wire and are split here.
 *
 * Session handles are checked against the connection that opened them (another connection's
 * handle is SDR_INARGERR, as for any handle that is not open); key indexes against the
 * application's grants (SDR_PARDENY). SDF_OpenSession and SDF_CloseSession are the
 * connection's business (connection.ts).
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import { FUNCTIONS, type FunctionSpec, type WireKind } from '../protocol/functions.js';
import type { WireValue } from '../protocol/values.js';
import * as sdf from '../sdf/index.js';
import { STRUCT_CODECS, STRUCT_SIZES, type StructName } from '../sdf/structs.js';

/** What a call needs from its connection. */
export interface CallContext {
  /** Throws unless `h` is a session this connection opened. */
  checkSession(h: number): void;
  /** Throws SDR_PARDENY unless the application was granted key index `index`. */
  checkIndex(index: number): void;
}

const INDEX_ARGS = new Set(['uiKeyIndex', 'uiISKIndex', 'uiIPKIndex', 'uiKEKIndex']);
const DIGEST = 32;
const SIGNATURE = STRUCT_SIZES.ECCSignature;

function decodeArg(kind: WireKind, value: WireValue, name: string, optional: boolean): unknown {
  if (value === null) {
    if (optional) return null;
    throw new CryptoError('SDR_INARGERR', `${name} is required`);
  }
  if (kind === 'u32') {
    if (typeof value !== 'number') throw new CryptoError('SDR_INARGERR', `${name} must be a u32`);
    return value;
  }
  if (!(value instanceof Uint8Array)) throw new CryptoError('SDR_INARGERR', `${name} must be bytes`);
  if (kind === 'bytes') return value;
  return STRUCT_CODECS[kind.slice('struct:'.length) as StructName].decode(value);
}

function encodeOut(kind: WireKind, value: unknown, name: string): WireValue {
  if (kind === 'u32') {
    if (typeof value !== 'number') throw new Error(`dispatch: output ${name} is not a number`);
    return value;
  }
  if (kind === 'bytes') {
    if (!(value instanceof Uint8Array)) throw new Error(`dispatch: output ${name} is not bytes`);
    return value;
  }
  const codec = STRUCT_CODECS[kind.slice('struct:'.length) as StructName] as { encode(v: unknown): Uint8Array };
  return codec.encode(value);
}

function split(bytes: Uint8Array, size: number, what: string): Uint8Array[] {
  if (bytes.length === 0 || bytes.length % size !== 0) throw new CryptoError('SDR_INARGERR', `${what}: ${bytes.length} bytes is not a whole number of ${size}-byte items`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

type Handler = (args: unknown[]) => Promise<unknown>;

/** The batch functions: concatenated items on the wire, arrays in the facade. */
const SPECIAL: Readonly<Record<string, Handler>> = {
  MIMA_InternalSign_ECC_Batch: async ([h, index, digests]) => {
    const sigs = await sdf.MIMA_InternalSign_ECC_Batch(h as number, index as number, split(digests as Uint8Array, DIGEST, 'pucDigests'));
    const out = new Uint8Array(sigs.length * SIGNATURE);
    sigs.forEach((s, i) => out.set(sdf.encodeECCSignature(s), i * SIGNATURE));
    return out;
  },
  MIMA_InternalVerify_ECC_Batch: async ([h, index, digests, signatures]) => {
    const ds = split(digests as Uint8Array, DIGEST, 'pucDigests');
    const ss = split(signatures as Uint8Array, SIGNATURE, 'pucSignatures').map((b) => sdf.decodeECCSignature(b));
    const verdicts = await sdf.MIMA_InternalVerify_ECC_Batch(h as number, index as number, ds, ss);
    return Uint8Array.from(verdicts, (v) => (v ? 1 : 0));
  },
};

const facade = sdf as unknown as Record<string, (...args: unknown[]) => unknown>;

/** Decodes, checks, calls and encodes one request (not OpenSession/CloseSession). */
export async function dispatch(spec: FunctionSpec, values: readonly WireValue[], ctx: CallContext): Promise<WireValue[]> {
  if (values.length !== spec.args.length) {
    throw new CryptoError('SDR_INARGERR', `${spec.name}: expected ${spec.args.length} arguments, got ${values.length}`);
  }
  const args = spec.args.map((p, i) => decodeArg(p.kind, values[i]!, `${spec.name}.${p.name}`, p.optional === true));
  if (spec.args[0]?.name === 'hSessionHandle') ctx.checkSession(args[0] as number);
  spec.args.forEach((p, i) => {
    if (INDEX_ARGS.has(p.name)) ctx.checkIndex(args[i] as number);
  });
  const special = SPECIAL[spec.name];
  const fn: Handler | undefined = special ?? (facade[spec.name] ? async (a) => facade[spec.name]!(...a) : undefined);
  if (!fn) throw new CryptoError('SDR_NOTSUPPORT', `${spec.name} is not implemented by this machine`);
  const result = await fn(args);
  if (spec.outs.length === 0) return [];
  if (spec.outs.length === 1) return [encodeOut(spec.outs[0]!.kind, result, spec.outs[0]!.name)];
  const obj = result as Record<string, unknown>;
  return spec.outs.map((o) => encodeOut(o.kind, obj[o.name], o.name));
}

/** Functions of the table that the facade lacks (reported at start; they answer SDR_NOTSUPPORT). */
export function missingFunctions(): string[] {
  return FUNCTIONS.filter((f) => f.name !== 'SDF_OpenSession' && !(f.name in SPECIAL) && typeof facade[f.name] !== 'function').map((f) => f.name);
}
