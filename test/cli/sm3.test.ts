/** `mima sm3 [--hmac-key HEX] [FILE]`: one hex line, from a file or stdin. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { gmVector, gmVectorsByAlg } from '../helpers/vectors.js';
import { scratch } from '../interop/openssl.js';
import { fails, mima, ok } from './mima.js';

describe('mima sm3', () => {
  const dir = scratch();
  after(() => dir.cleanup());

  test('prints the GM/T 0004 Annex A digests as one lowercase hex line, for a FILE and for stdin', () => {
    const vectors = gmVectorsByAlg('SM3');
    for (const v of vectors) {
      const msg = Buffer.from(v.msg_hex as string, 'hex');
      assert.equal(ok(mima(['sm3', dir.file(`${v.id}.txt`, msg)])).out, `${v.digest}\n`, v.id);
      assert.equal(ok(mima(['sm3'], { input: msg })).out, `${v.digest}\n`, `${v.id} on stdin`);
    }
    assert.equal(vectors.length, 2);
  });

  test('"-" as FILE reads stdin; an empty input has the SM3 digest of the empty string (node:crypto)', () => {
    assert.equal(ok(mima(['sm3', '-'], { input: 'abc' })).out, `${gmVector('sm3_abc').digest}\n`);
    assert.equal(ok(mima(['sm3'], { input: '' })).out, createHash('sm3').update('').digest('hex') + '\n');
  });

  test('binary input of 100 kB is hashed byte for byte (node:crypto)', () => {
    const data = randomBytes(100_000);
    assert.equal(ok(mima(['sm3', dir.file('big.bin', data)])).out, createHash('sm3').update(data).digest('hex') + '\n');
  });

  test('--hmac-key: the Wycheproof HMAC-SM3 vectors in test-vectors.json', () => {
    const vectors = gmVectorsByAlg('HMAC-SM3');
    for (const v of vectors) {
      const r = ok(mima(['sm3', '--hmac-key', v.key as string], { input: Buffer.from(v.msg as string, 'hex') }));
      assert.equal(r.out, `${v.tag}\n`, v.id);
    }
    assert.equal(vectors.length, 3);
  });

  test('--hmac-key accepts a 0x prefix, upper case and an empty key (node:crypto HMAC-SM3)', () => {
    const key = randomBytes(70), msg = randomBytes(300);
    const want = createHmac('sm3', key).update(msg).digest('hex') + '\n';
    assert.equal(ok(mima(['sm3', '--hmac-key', '0x' + key.toString('hex').toUpperCase(), dir.file('m', msg)])).out, want);
    assert.equal(ok(mima(['sm3', '--hmac-key', ''], { input: msg })).out, createHmac('sm3', Buffer.alloc(0)).update(msg).digest('hex') + '\n');
  });

  test('refuses a key that is not hex, naming the option', () => {
    fails(mima(['sm3', '--hmac-key', 'xyz'], { input: 'abc' }), /--hmac-key: not a hex string/);
    fails(mima(['sm3', '--hmac-key', 'abc'], { input: 'abc' }), /--hmac-key: odd number of hex digits/);
  });
});
