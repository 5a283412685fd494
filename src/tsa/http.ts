/**
 * RFC 3161 over HTTP (RFC 3161 §3.4): POST `application/timestamp-query`, answer
 * `application/timestamp-reply`. A server around a TimestampAuthority and a client.
 *
 * @module
 */
import http from 'node:http';
import { CryptoError } from '../algorithms/internal/errors.js';
import type { TimestampAuthority } from './tsa.js';

const MAX_REQUEST = 64 * 1024;

export async function startTsaServer(tsa: TimestampAuthority, opts: { host?: string; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/timestamp-query') {
      res.writeHead(415, { 'content-type': 'text/plain' }).end('expected application/timestamp-query\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST) {
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_REQUEST) return;
      void tsa.respond(new Uint8Array(Buffer.concat(chunks))).then((reply) => {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': reply.length }).end(Buffer.from(reply));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve()));
  const a = server.address();
  return { port: typeof a === 'object' && a ? a.port : opts.port, close: () => new Promise((r) => server.close(() => r())) };
}

/** Sends a TimeStampReq (DER) to `url`; returns the TimeStampResp (DER). */
export async function queryTsa(url: string, request: Uint8Array): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: request });
  } catch (e) {
    throw new CryptoError('SDR_COMMFAIL', `tsa: cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw new CryptoError('SDR_COMMFAIL', `tsa: ${url} answered HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
