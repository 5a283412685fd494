/**
 * Many clients at once (docs/protocol.md "Requests and responses"): 1,000 concurrent
 * connections, each with pipelined requests whose answers must match their request ids; and
 * clients that vanish mid-request leave the machine serving everyone else.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { Connection } from '../../src/client/index.js';
import { encodeFrame, FrameKind } from '../../src/protocol/frame.js';
import { encodeValues } from '../../src/protocol/values.js';
import { startTestMachine, type TestMachine } from '../helpers/machine.js';

let tm: TestMachine;
before(async () => {
  tm = await startTestMachine({ limits: { maxConnectionsPerAddress: 5000, maxSessionsPerApp: 5000 } });
});
after(() => tm.close());

test('1,000 concurrent connections with pipelined requests: every answer matches its request', { timeout: 240_000 }, async () => {
  const conns: Connection[] = [];
  for (let i = 0; i < 1000; i += 50) conns.push(...(await Promise.all(Array.from({ length: 50 }, () => Connection.open(tm.demo)))));
  assert.equal(tm.machine.server.connectionCount, 1000);
  await Promise.all(conns.map(async (c, i) => {
    const [h] = await c.request(0x0101, []);
    // Five requests in flight at once, each asking for a different length: the answer's length names its request.
    const lengths = [1, 2, 3, 4, 5].map((k) => 8 * k + (i % 7));
    const answers = await Promise.all(lengths.map((n) => c.request(0x0104, [h as number, n])));
    answers.forEach(([bytes], k) => assert.equal((bytes as Uint8Array).length, lengths[k]));
  }));
  for (const c of conns) c.close();
});

test('clients that disappear with requests in flight do not disturb the others', async () => {
  const steady = await Connection.open(tm.demo);
  const [h] = await steady.request(0x0101, []);
  for (let i = 0; i < 20; i++) {
    const socket = tls.connect({ host: tm.demo.host, port: tm.demo.port, cert: tm.demo.cert, key: tm.demo.key, ca: tm.demo.ca });
    socket.on('error', () => {});
    await new Promise<void>((r) => socket.once('secureConnect', () => r()));
    socket.write(encodeFrame(FrameKind.HELLO, 0, 0, new Uint8Array([1, 1, 0])));
    socket.write(encodeFrame(FrameKind.REQUEST, 1, 0x0101, encodeValues([])));
    socket.write(encodeFrame(FrameKind.REQUEST, 2, 0x0208, encodeValues([1, 1])));
    socket.destroy(); // killed mid-request
    const [r] = await steady.request(0x0104, [h as number, 16]);
    assert.equal((r as Uint8Array).length, 16);
  }
  steady.close();
});
