import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, FrameKind, HEADER_BYTES, ProtocolError } from '../../src/protocol/frame.js';
import { decodeValues, encodeValues, type WireValue } from '../../src/protocol/values.js';
import { FUNCTIONS } from '../../src/protocol/functions.js';

test('frames survive any chunking of the byte stream', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 64 }),
      (items, step) => {
        const stream = Buffer.concat(items.map(([id, p]) => encodeFrame(FrameKind.REQUEST, id, 0x0305, p)));
        const dec = new FrameDecoder(1 << 20);
        const got = [];
        for (let i = 0; i < stream.length; i += step) got.push(...dec.push(stream.subarray(i, i + step)));
        assert.equal(got.length, items.length);
        got.forEach((f, i) => {
          assert.equal(f.requestId, items[i]![0]);
          assert.equal(f.fn, 0x0305);
          assert.deepEqual(f.payload, items[i]![1]);
        });
        assert.equal(dec.buffered, 0);
      },
    ),
  );
});

test('an oversized frame is refused as soon as its header arrives', () => {
  const dec = new FrameDecoder(1024);
  const header = encodeFrame(FrameKind.REQUEST, 1, 1, new Uint8Array(2000)).subarray(0, HEADER_BYTES);
  assert.throws(() => dec.push(header), ProtocolError);
});

test('bad magic, unknown kinds and reserved flags are protocol errors', () => {
  const good = encodeFrame(FrameKind.PING, 0, 0, new Uint8Array(0));
  for (const [off, v] of [[0, 0x4e], [3, 9], [3, 0], [11, 1]] as const) {
    const bad = good.slice();
    bad[off] = v;
    assert.throws(() => new FrameDecoder(1024).push(bad), ProtocolError, `byte ${off} = ${v}`);
  }
});

test('value lists round-trip u32, bytes and absent values', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 50 }))), (vals) => {
      assert.deepEqual(decodeValues(encodeValues(vals as WireValue[])), vals);
    }),
  );
});

test('truncated value lists, unknown tags and trailing bytes are protocol errors', () => {
  const enc = encodeValues([1, Uint8Array.of(1, 2, 3)]);
  for (let n = 0; n < enc.length; n++) assert.throws(() => decodeValues(enc.subarray(0, n)), ProtocolError);
  assert.throws(() => decodeValues(Uint8Array.of(0, 1, 9)), ProtocolError);
  assert.throws(() => decodeValues(Uint8Array.of(...enc, 0)), ProtocolError);
});

test('function codes and names are unique and within their groups', () => {
  assert.equal(new Set(FUNCTIONS.map((f) => f.code)).size, FUNCTIONS.length);
  assert.equal(new Set(FUNCTIONS.map((f) => f.name)).size, FUNCTIONS.length);
  for (const f of FUNCTIONS) {
    if (f.edition === 'svs') {
      // GM/T 0029 functions: their own group, no SDF session.
      assert.ok(f.code >= 0x0900 && f.code < 0x0a00 && f.name.startsWith('SVS_'), f.name);
      continue;
    }
    assert.ok(f.code >= 0x0100 && f.code < 0x0900, f.name);
    if (f.name !== 'SDF_OpenSession') assert.equal(f.args[0]?.name, 'hSessionHandle', f.name);
  }
});
