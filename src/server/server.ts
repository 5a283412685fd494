/**
 * The network side of the server crypto machine: the wire protocol (docs/protocol.md) over TLS
 * with mutual authentication, one SDF device handle per connection, requests answered by id as
 * they complete (pipelining), signature requests grouped by the batcher, and the limits.
 *
 * Who may connect: a client certificate issued by the machine CA (TLS verifies the chain and the
 * CRL, so a revoked certificate fails the handshake) whose serial the store knows for a registered,
 * not revoked application. The application is the operator of its sessions (GM/T 0028: the
 * certificate is its credential) and may name only the key indexes it was granted.
 *
 * @module
 */
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { utf8 } from '../algorithms/internal/bytes.js';
import { CryptoError, SDR } from '../algorithms/internal/errors.js';
import type { Device, Principal } from '../device/index.js';
import { encodeFrame, FrameDecoder, FrameKind, PROTOCOL_VERSION, ProtocolError, type Frame } from '../protocol/frame.js';
import { functionByCode } from '../protocol/functions.js';
import { decodeValues, encodeValues, type WireValue } from '../protocol/values.js';
import * as sdf from '../sdf/index.js';
import { sessionOf } from '../sdf/handles.js';
import type { ApplicationRecord } from '../store/index.js';
import { SvsError, type SignatureVerificationServer } from '../svs/index.js';
import { SignBatcher } from './batcher.js';
import { dispatch, type CallContext } from './dispatch.js';
import { DEFAULT_LIMITS, RateLimiter, type ServerLimits } from './limits.js';

export interface ServerHooks {
  recordCall?(fn: string, app: string, seconds: number, rv: number): void;
  recordBatch?(kind: string, size: number): void;
  log?(line: string): void;
}

export interface CryptoServerOptions {
  device: Device;
  host?: string;
  port: number;
  /** PEM: the server's key and certificate, the machine CA, and the CA's current CRL. */
  tls: { key: string; cert: string; ca: string; crl?: string };
  limits?: Partial<ServerLimits>;
  name?: string;
  hooks?: ServerHooks;
  /** The machine's signature-verification server (GM/T 0029 over the protocol, 0x09xx), when configured. */
  svs?: () => Promise<SignatureVerificationServer>;
}

export interface CryptoServer {
  readonly port: number;
  readonly connectionCount: number;
  /** Replaces the CRL the handshake checks (after a revocation). */
  updateCrl(crlPem: string): void;
  close(): Promise<void>;
}

const SIGN_CODE = 0x0305;

export async function startCryptoServer(opts: CryptoServerOptions): Promise<CryptoServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const hooks = opts.hooks ?? {};
  const name = opts.name ?? 'mima';
  const rate = new RateLimiter();
  const perAddress = new Map<string, number>();
  const sessionsPerApp = new Map<string, number>();
  const open = new Set<Connection>();
  const batcher = new SignBatcher({ delayMs: limits.batchDelayMs, maxBatch: limits.maxBatch, onBatch: (n) => hooks.recordBatch?.('InternalSign_ECC', n) });
  let tlsOptions: tls.TlsOptions = {
    key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca, crl: opts.tls.crl,
    requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', handshakeTimeout: limits.handshakeTimeoutMs,
  };

  class Connection {
    readonly socket: tls.TLSSocket;
    readonly address: string;
    readonly decoder = new FrameDecoder(limits.maxFrameBytes);
    app: ApplicationRecord | undefined;
    principal: Principal | undefined;
    hDevice = 0;
    hello = false;
    inFlight = 0;
    closed = false;
    readonly sessions = new Set<number>();
    #idle: NodeJS.Timeout | undefined;
    #handshake: NodeJS.Timeout;

    constructor(socket: tls.TLSSocket) {
      this.socket = socket;
      this.address = socket.remoteAddress ?? 'unknown';
      this.#handshake = setTimeout(() => this.goAway('handshake timeout'), limits.handshakeTimeoutMs);
      this.#armIdle();
    }

    #armIdle(): void {
      clearTimeout(this.#idle);
      this.#idle = setTimeout(() => {
        if (this.inFlight > 0) this.#armIdle();
        else this.goAway('idle');
      }, limits.idleTimeoutMs);
    }

    send(kind: FrameKind, id: number, fn: number, payload: Uint8Array): void {
      if (!this.closed) this.socket.write(encodeFrame(kind, id, fn, payload));
    }

    goAway(reason: string): void {
      if (this.closed) return;
      this.send(FrameKind.GOAWAY, 0, 0, utf8(reason));
      this.socket.end();
      this.close();
    }

    close(): void {
      if (this.closed) return;
      this.closed = true;
      clearTimeout(this.#idle);
      clearTimeout(this.#handshake);
      open.delete(this);
      perAddress.set(this.address, (perAddress.get(this.address) ?? 1) - 1);
      if (this.app) sessionsPerApp.set(this.app.name, (sessionsPerApp.get(this.app.name) ?? 0) - this.sessions.size);
      this.sessions.clear();
      if (this.hDevice) void sdf.SDF_CloseDevice(this.hDevice).catch(() => {});
      this.socket.destroy();
    }

    onData(chunk: Buffer): void {
      let frames: Frame[];
      try {
        frames = this.decoder.push(chunk);
      } catch (e) {
        this.goAway(e instanceof ProtocolError ? e.message : 'bad frame');
        return;
      }
      for (const f of frames) {
        if (this.closed) return;
        this.#armIdle();
        this.onFrame(f);
      }
    }

    onFrame(f: Frame): void {
      if (f.version !== PROTOCOL_VERSION && f.kind !== FrameKind.HELLO) return this.goAway(`unsupported frame version ${f.version}`);
      switch (f.kind) {
        case FrameKind.HELLO:
          return this.onHello(f.payload);
        case FrameKind.PING:
          return this.send(FrameKind.PONG, 0, 0, f.payload);
        case FrameKind.PONG:
          return;
        case FrameKind.GOAWAY:
          return this.close();
        case FrameKind.REQUEST:
          if (!this.hello || !this.app) return this.goAway('REQUEST before HELLO');
          if (this.inFlight >= limits.maxInFlight) return this.goAway('too many requests in flight');
          this.inFlight++;
          void this.onRequest(f).finally(() => this.inFlight--);
          return;
        default:
          return this.goAway(`unexpected frame kind ${f.kind}`);
      }
    }

    onHello(p: Uint8Array): void {
      if (this.hello) return this.goAway('second HELLO');
      const count = p[0] ?? 0;
      if (p.length < 1 + count + 1) return this.goAway('malformed HELLO');
      const versions = p.subarray(1, 1 + count);
      if (!versions.includes(PROTOCOL_VERSION)) return this.goAway('no common protocol version');
      if (!this.app) return; // the application check is still running: the HELLO waits for it
      this.hello = true;
      clearTimeout(this.#handshake);
      const n = utf8(name).subarray(0, 255);
      const ack = new Uint8Array(1 + 4 + 4 + 4 + 1 + n.length);
      const dv = new DataView(ack.buffer);
      ack[0] = PROTOCOL_VERSION;
      dv.setUint32(1, limits.maxFrameBytes);
      dv.setUint32(5, limits.maxInFlight);
      dv.setUint32(9, Math.ceil(limits.idleTimeoutMs / 1000));
      ack[13] = n.length;
      ack.set(n, 14);
      this.send(FrameKind.HELLO_ACK, 0, 0, ack);
    }

    readonly ctx: CallContext = {
      checkSession: (h) => {
        if (!this.sessions.has(h)) throw new CryptoError('SDR_INARGERR', `${h} is not a session of this connection`);
      },
      checkIndex: (index) => {
        if (!this.app!.allowedIndexes.includes(index)) throw new CryptoError('SDR_PARDENY', `key index ${index} is not granted to application ${this.app!.name}`);
      },
    };

    async onRequest(f: Frame): Promise<void> {
      const started = process.hrtime.bigint();
      const spec = functionByCode(f.fn);
      const app = this.app!;
      let rv: number = SDR.SDR_OK;
      let payload: Uint8Array;
      try {
        if (!spec) throw new CryptoError('SDR_NOTSUPPORT', `unknown function code 0x${f.fn.toString(16)}`);
        if (!rate.take(app.name, app.rateLimit)) throw new CryptoError('SDR_MIMA_RATELIMIT', `application ${app.name} is over its rate limit`);
        let values: WireValue[];
        try {
          values = decodeValues(f.payload);
        } catch (e) {
          throw new CryptoError('SDR_INARGERR', e instanceof Error ? e.message : 'bad value list');
        }
        const outs = await this.call(spec.code, spec.name, values, () => dispatch(spec, values, this.ctx));
        payload = concatStatus(0, encodeValues(outs));
      } catch (e) {
        const known = e instanceof CryptoError || e instanceof SvsError;
        rv = e instanceof CryptoError ? e.sdr : e instanceof SvsError ? e.code : SDR.SDR_UNKNOWERR;
        if (!known) hooks.log?.(`request ${spec?.name ?? f.fn} failed: ${e instanceof Error ? e.message : String(e)}`);
        payload = concatStatus(rv, utf8(known ? (e as Error).message : 'internal error'));
      }
      hooks.recordCall?.(spec?.name ?? `0x${f.fn.toString(16)}`, app.name, Number(process.hrtime.bigint() - started) / 1e9, rv);
      this.send(FrameKind.RESPONSE, f.requestId, f.fn, payload);
    }

    svsCall(fnName: string, values: WireValue[]): Promise<WireValue[]> {
      return svsCall(this, fnName, values);
    }

    /** Session management and the batched signature are the connection's; the rest is dispatch. */
    async call(code: number, fnName: string, values: WireValue[], other: () => Promise<WireValue[]>): Promise<WireValue[]> {
      if (fnName === 'SDF_OpenSession') {
        const count = sessionsPerApp.get(this.app!.name) ?? 0;
        if (count >= limits.maxSessionsPerApp) throw new CryptoError('SDR_OPENSESSION', `application ${this.app!.name} has ${count} sessions open (limit ${limits.maxSessionsPerApp})`);
        const h = sdf.SDF_OpenSession(this.hDevice);
        this.sessions.add(h);
        sessionsPerApp.set(this.app!.name, count + 1);
        return [h];
      }
      if (fnName === 'SDF_CloseSession') {
        const h = values[0];
        if (typeof h !== 'number') throw new CryptoError('SDR_INARGERR', 'hSessionHandle must be a u32');
        this.ctx.checkSession(h);
        sdf.SDF_CloseSession(h);
        this.sessions.delete(h);
        sessionsPerApp.set(this.app!.name, (sessionsPerApp.get(this.app!.name) ?? 1) - 1);
        return [];
      }
      if (fnName.startsWith('SVS_')) return this.svsCall(fnName, values);
      if (code === SIGN_CODE && values.length === 3 && typeof values[0] === 'number' && typeof values[1] === 'number' && values[2] instanceof Uint8Array) {
        this.ctx.checkSession(values[0]);
        this.ctx.checkIndex(values[1]);
        const rs = await batcher.sign(sessionOf(values[0]), values[1], values[2]);
        return [sdf.encodeECCSignature(sdf.eccSignatureFromRaw(rs))];
      }
      return other();
    }
  }

  /** The GM/T 0029 functions (0x09xx) on the machine's SVS; key indexes are the application's grants. */
  async function svsCall(conn: Connection, fnName: string, v: WireValue[]): Promise<WireValue[]> {
    if (!opts.svs) throw new CryptoError('SDR_NOTSUPPORT', `${fnName}: this machine runs no signature-verification server`);
    const svs = await opts.svs();
    const bytes = (x: WireValue, what: string): Uint8Array => {
      if (!(x instanceof Uint8Array)) throw new CryptoError('SDR_INARGERR', `${fnName}: ${what} must be bytes`);
      return x;
    };
    const num = (x: WireValue, what: string): number => {
      if (typeof x !== 'number') throw new CryptoError('SDR_INARGERR', `${fnName}: ${what} must be a u32`);
      return x;
    };
    const text = (b: Uint8Array): string => new TextDecoder().decode(b);
    switch (fnName) {
      case 'SVS_ExportCert': return [svs.exportCert(text(bytes(v[0]!, 'certId')))];
      case 'SVS_ParseCert': return [utf8(svs.parseCert(num(v[0]!, 'infoType'), bytes(v[1]!, 'cert')))];
      case 'SVS_ValidateCert': return [svs.validateCert(bytes(v[0]!, 'cert'))];
      case 'SVS_SignData': {
        const index = num(v[1]!, 'uiKeyIndex');
        conn.ctx.checkIndex(index);
        return [await svs.signData(num(v[0]!, 'signMethod'), index, text(bytes(v[2]!, 'keyValue')), bytes(v[3]!, 'data'))];
      }
      case 'SVS_VerifySignedData': {
        const type = num(v[0]!, 'type');
        if (type !== 1 && type !== 2) throw new CryptoError('SDR_INARGERR', `${fnName}: type is 1 (certificate) or 2 (serial)`);
        const who = bytes(v[1]!, 'certOrSerial');
        return [svs.verifySignedData(type, type === 1 ? who : text(who), bytes(v[2]!, 'data'), bytes(v[3]!, 'signature'), num(v[4]!, 'verifyLevel'))];
      }
      case 'SVS_SignMessage': {
        const index = num(v[1]!, 'uiKeyIndex');
        conn.ctx.checkIndex(index);
        return [await svs.signMessage(num(v[0]!, 'signMethod'), index, text(bytes(v[2]!, 'keyValue')), bytes(v[3]!, 'data'), { originalText: num(v[4]!, 'originalText') !== 0 })];
      }
      case 'SVS_VerifySignedMessage': return [svs.verifySignedMessage(bytes(v[0]!, 'signedMessage'), v[1] instanceof Uint8Array ? v[1] : undefined)];
      default: throw new CryptoError('SDR_NOTSUPPORT', `${fnName} is not implemented by this machine`);
    }
  }

  async function admit(socket: tls.TLSSocket): Promise<void> {
    const conn = new Connection(socket);
    open.add(conn);
    const n = (perAddress.get(conn.address) ?? 0) + 1;
    perAddress.set(conn.address, n);
    socket.on('data', (chunk: Buffer) => conn.onData(chunk));
    socket.on('error', () => conn.close());
    socket.on('close', () => conn.close());
    if (n > limits.maxConnectionsPerAddress) return conn.goAway(`too many connections from ${conn.address}`);
    const pending: Buffer[] = [];
    // Hold frames until the application is known (a fast client sends HELLO at once).
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => pending.push(chunk));
    try {
      const peer = socket.getPeerX509Certificate() as X509Certificate | undefined;
      const serial = peer?.serialNumber.toLowerCase();
      const cert = serial ? await opts.device.store.getClientCert(serial) : undefined;
      const app = cert && !cert.revokedAt ? await opts.device.store.getApplication(cert.application) : undefined;
      if (!app || app.revoked) return conn.goAway('client certificate not registered or revoked');
      conn.app = app;
      conn.principal = Object.freeze({ name: app.name, role: 'operator' as const });
      conn.hDevice = await sdf.SDF_OpenDevice({ device: opts.device, principal: conn.principal });
    } catch (e) {
      return conn.goAway(e instanceof CryptoError ? e.message : 'device unavailable');
    }
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => conn.onData(chunk));
    for (const chunk of pending) conn.onData(chunk);
  }

  const server = tls.createServer(tlsOptions, (socket) => void admit(socket));
  server.on('tlsClientError', (e) => hooks.log?.(`TLS handshake refused: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    get connectionCount() {
      return open.size;
    },
    updateCrl(crlPem: string) {
      tlsOptions = { ...tlsOptions, crl: crlPem };
      server.setSecureContext(tlsOptions);
      // Connections of now-revoked certificates are re-checked: end them.
      void (async () => {
        for (const c of open) {
          const serial = (c.socket.getPeerX509Certificate() as X509Certificate | undefined)?.serialNumber.toLowerCase();
          const rec = serial ? await opts.device.store.getClientCert(serial) : undefined;
          if (!rec || rec.revokedAt) c.goAway('client certificate revoked');
        }
      })();
    },
    async close() {
      for (const c of open) c.goAway('server shutting down');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function concatStatus(status: number, rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + rest.length);
  new DataView(out.buffer).setUint32(0, status >>> 0);
  out.set(rest, 4);
  return out;
}
