/**
 * One TLS connection to a machine: the HELLO exchange, then requests sent as soon as they are
 * made and answered by id in any order (pipelining, up to the server's limit), each with its own
 * timeout. A connection that fails or is told GOAWAY fails every request in flight with
 * SDR_COMMFAIL and is not reused (its sessions died with it on the server).
 *
 * @module
 */
import tls from 'node:tls';
import { utf8 } from '../algorithms/internal/bytes.js';
import { CryptoError, SDR, type SdrName } from '../algorithms/internal/errors.js';
import { encodeFrame, FrameDecoder, FrameKind, PROTOCOL_VERSION, type Frame } from '../protocol/frame.js';
import { SvsError } from '../svs/codes.js';
import { decodeValues, encodeValues, type WireValue } from '../protocol/values.js';
import type { RemoteConfig } from './config.js';

interface Waiting {
  resolve(values: WireValue[]): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

const NAMES = new Map<number, SdrName>(Object.entries(SDR).map(([k, v]) => [v, k as SdrName]));

/** The error for a status the server returned (unknown vendor codes become SDR_UNKNOWERR). */
export function errorFor(status: number, message: string): Error {
  // GM/T 0029 codes (0x04xxxxxx) come from the machine's signature-verification server.
  if ((status & 0xff000000) === 0x04000000) return new SvsError(status, message);
  return new CryptoError(NAMES.get(status) ?? 'SDR_UNKNOWERR', message);
}

export class Connection {
  readonly #socket: tls.TLSSocket;
  readonly #waiting = new Map<number, Waiting>();
  readonly #decoder = new FrameDecoder(64 * 1024 * 1024);
  readonly #timeoutMs: number;
  #nextId = 1;
  #maxFrame = 0;
  #maxInFlight = 0;
  #closed = false;
  #closeReason = 'connection closed';

  private constructor(socket: tls.TLSSocket, timeoutMs: number) {
    this.#socket = socket;
    this.#timeoutMs = timeoutMs;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inFlight(): number {
    return this.#waiting.size;
  }

  /** Connects, authenticates with the client certificate and exchanges HELLO. */
  static open(config: RemoteConfig): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host: config.host, port: config.port, cert: config.cert, key: config.key, ca: config.ca,
        servername: /^[\d.]+$|:/.test(config.host) ? undefined : config.host, minVersion: 'TLSv1.2',
      });
      const conn = new Connection(socket, config.timeoutMs ?? 30_000);
      let timer: NodeJS.Timeout | undefined = undefined;
      const fail = (e: unknown): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new CryptoError('SDR_OPENDEVICE', `remote: cannot connect to ${config.host}:${config.port}: ${e instanceof Error ? e.message : String(e)}`));
      };
      timer = setTimeout(() => fail(new Error('handshake timeout')), config.timeoutMs ?? 30_000);
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        const name = utf8('mima-ts-sdk');
        socket.write(encodeFrame(FrameKind.HELLO, 0, 0, new Uint8Array([1, PROTOCOL_VERSION, name.length, ...name])));
      });
      const onHello = (chunk: Buffer): void => {
        let frames: Frame[];
        try {
          frames = conn.#decoder.push(chunk);
        } catch (e) {
          return fail(e);
        }
        for (const f of frames) {
          if (f.kind === FrameKind.HELLO_ACK && f.payload.length >= 13) {
            const dv = new DataView(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength);
            conn.#maxFrame = dv.getUint32(1);
            conn.#maxInFlight = dv.getUint32(5);
            clearTimeout(timer);
            socket.off('data', onHello);
            socket.off('error', fail);
            conn.#attach();
            return resolve(conn);
          }
          return fail(new Error(f.kind === FrameKind.GOAWAY ? `refused: ${new TextDecoder().decode(f.payload)}` : 'unexpected frame before HELLO_ACK'));
        }
      };
      socket.on('data', onHello);
      socket.once('close', () => fail(new Error('closed during the handshake')));
    });
  }

  #attach(): void {
    this.#socket.removeAllListeners('close');
    this.#socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.#decoder.push(chunk);
      } catch (e) {
        return this.#fail(`bad frame from server: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const f of frames) this.#onFrame(f);
    });
    this.#socket.on('error', (e) => this.#fail(e.message));
    this.#socket.on('close', () => this.#fail(this.#closeReason));
  }

  #onFrame(f: Frame): void {
    if (f.kind === FrameKind.PING) {
      this.#socket.write(encodeFrame(FrameKind.PONG, 0, 0, f.payload));
      return;
    }
    if (f.kind === FrameKind.GOAWAY) {
      this.#closeReason = `server said GOAWAY: ${new TextDecoder().decode(f.payload)}`;
      this.#socket.end();
      return;
    }
    if (f.kind !== FrameKind.RESPONSE) return;
    const w = this.#waiting.get(f.requestId);
    if (!w) return; // timed out earlier
    this.#waiting.delete(f.requestId);
    clearTimeout(w.timer);
    if (f.payload.length < 4) return w.reject(new CryptoError('SDR_COMMFAIL', 'remote: short response'));
    const status = new DataView(f.payload.buffer, f.payload.byteOffset, 4).getUint32(0);
    if (status !== 0) return w.reject(errorFor(status, new TextDecoder().decode(f.payload.subarray(4))));
    try {
      w.resolve(decodeValues(f.payload, 4));
    } catch (e) {
      w.reject(new CryptoError('SDR_COMMFAIL', `remote: bad response: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#waiting.values()) {
      clearTimeout(w.timer);
      w.reject(new CryptoError('SDR_COMMFAIL', `remote: ${reason}`));
    }
    this.#waiting.clear();
    this.#socket.destroy();
  }

  /** Sends one request; resolves with the outputs or rejects with the server's CryptoError. */
  request(fn: number, args: readonly WireValue[]): Promise<WireValue[]> {
    if (this.#closed) return Promise.reject(new CryptoError('SDR_COMMFAIL', `remote: ${this.#closeReason}`));
    const payload = encodeValues(args);
    if (this.#maxFrame && payload.length + 16 > this.#maxFrame) {
      return Promise.reject(new CryptoError('SDR_INARGERR', `remote: request of ${payload.length} bytes exceeds the server's frame limit`));
    }
    if (this.#maxInFlight && this.#waiting.size >= this.#maxInFlight) {
      return Promise.reject(new CryptoError('SDR_NOBUFFER', `remote: ${this.#waiting.size} requests already in flight on this connection`));
    }
    const id = this.#nextId;
    this.#nextId = this.#nextId >= 0xffffffff ? 1 : this.#nextId + 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new CryptoError('SDR_COMMFAIL', `remote: no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#waiting.set(id, { resolve, reject, timer });
      this.#socket.write(encodeFrame(FrameKind.REQUEST, id, fn, payload));
    });
  }

  close(): void {
    this.#closeReason = 'closed by the client';
    this.#socket.end();
    this.#fail(this.#closeReason);
  }
}
