/**
 * SM3, HMAC-SM3, the SM3 KDF, PBKDF2-HMAC-SM3, SM4 in every mode Bouncy Castle 1.72 has (ECB,
 * CBC, CFB, OFB, CTR, GCM, CCM) and ZUC-128/256 against Bouncy Castle, both directions, on random
 * keys, IVs, nonces, AAD and messages. Requests are pipelined to the one JVM of this file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { availableBackends } from '../../src/engine/index.js';
import type { Sm4AeadMode, Sm4Mode, Padding } from '../../src/engine/index.js';
import { pbkdf2HmacSm3, sm3Kdf } from '../../src/algorithms/sm3/index.js';
import { Zuc128, Zuc256, zuc256Mac } from '../../src/algorithms/zuc/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { BcPeer, bcUnavailable, h, unh } from './bc-peer.js';
import { blockLengths, bytes, hex, lengths, sameBytes } from './cases.js';

const skip = bcUnavailable();

/** Collects (ours, BC answer) pairs, then awaits and compares them all. */
class Batch {
  private readonly items: { ours: Uint8Array; theirs: Promise<string>; what: string }[] = [];
  add(ours: Uint8Array, theirs: Promise<string>, what: string): void {
    this.items.push({ ours, theirs, what });
  }
  /** Compares every pair; returns how many were compared. */
  async check(): Promise<number> {
    for (const it of this.items) sameBytes(it.ours, unh(await it.theirs), it.what);
    return this.items.length;
  }
}

describe('symmetric algorithms with Bouncy Castle', { skip }, () => {
  let bc: BcPeer;
  before(() => {
    bc = BcPeer.start();
  });
  after(() => bc.stop());

  for (const backend of availableBackends()) {
    describe(`SM3 (${backend.name} backend)`, () => {
      test('digests of random messages: edge lengths, the 55/56/64-byte padding edges and 8 random lengths', async () => {
        const b = new Batch();
        for (const len of [...lengths(8, 5000), 55, 56, 63, 64, 65]) {
          const m = bytes(len);
          b.add(backend.sm3.digest(m), bc.call('sm3', h(m)), `SM3 of ${hex(m)}`);
        }
        assert.equal(await b.check(), 19);
      });

      test('HMAC-SM3 under random keys of 0 to 200 bytes (empty, shorter, equal to and longer than a block)', async () => {
        const b = new Batch();
        for (const kl of [0, 1, 31, 32, 63, 64, 65, 200]) {
          for (const len of [0, 1, 64, 1000, randomInt(0, 300)]) {
            const key = bytes(kl), m = bytes(len);
            b.add(backend.sm3.hmac(key, m), bc.call('hmac-sm3', h(key), h(m)), `HMAC-SM3 key ${hex(key)} message ${hex(m)}`);
          }
        }
        assert.equal(await b.check(), 8 * 5);
      });
    });
  }

  describe('SM3 KDF and PBKDF2-HMAC-SM3', () => {
    test('sm3Kdf equals KDF2 with SM3 (BC KDF2BytesGenerator) for Z of 0 to 300 bytes and klen 1 to 1000', async () => {
      const b = new Batch();
      for (const klen of [1, 16, 31, 32, 33, 64, 65, 100, 1000, randomInt(1, 500)]) {
        const z = bytes(randomInt(0, 301));
        b.add(sm3Kdf(z, klen), bc.call('sm3-kdf', h(z), String(klen)), `KDF(${hex(z)}, ${klen})`);
      }
      assert.equal(await b.check(), 10);
    });

    test('pbkdf2HmacSm3 equals BC PKCS5S2ParametersGenerator(SM3) for random passwords, salts, 1 to 1000 iterations, 1 to 100 bytes', async () => {
      const b = new Batch();
      for (const [iterations, dkLen] of [[1, 32], [2, 1], [1000, 64], [randomInt(1, 1000), 100], [randomInt(1, 100), 33], [10, 16]] as const) {
        const pw = bytes(randomInt(0, 100)), salt = bytes(randomInt(0, 40));
        b.add(pbkdf2HmacSm3(pw, salt, iterations, dkLen), bc.call('pbkdf2-sm3', h(pw), h(salt), String(iterations), String(dkLen)),
          `PBKDF2(${hex(pw)}, ${hex(salt)}, ${iterations}, ${dkLen})`);
      }
      assert.equal(await b.check(), 6);
    });
  });

  for (const backend of availableBackends()) {
    const sm4 = backend.sm4;
    describe(`SM4 (${backend.name} backend)`, () => {
      const modes: { mode: Sm4Mode; padding: Padding; bcMode: string; lens: () => number[] }[] = [
        { mode: 'ecb', padding: 'pkcs7', bcMode: 'ecb-pkcs7', lens: () => lengths(6) },
        { mode: 'ecb', padding: 'none', bcMode: 'ecb', lens: () => blockLengths(4) },
        { mode: 'cbc', padding: 'pkcs7', bcMode: 'cbc-pkcs7', lens: () => lengths(6) },
        { mode: 'cbc', padding: 'none', bcMode: 'cbc', lens: () => blockLengths(4) },
        { mode: 'cfb', padding: 'none', bcMode: 'cfb', lens: () => lengths(6) },
        { mode: 'ofb', padding: 'none', bcMode: 'ofb', lens: () => lengths(6) },
        { mode: 'ctr', padding: 'none', bcMode: 'ctr', lens: () => lengths(6) },
      ];
      for (const { mode, padding, bcMode, lens } of modes) {
        test(`${mode}${padding === 'pkcs7' ? ' with PKCS#7' : ''}: same ciphertext as BC ${bcMode}, and each decrypts the other's`, async () => {
          const enc = new Batch(), dec = new Batch();
          const all = lens();
          for (const len of all) {
            const key = bytes(16), iv = mode === 'ecb' ? undefined : bytes(16), m = bytes(len);
            const what = `${bcMode} key ${hex(key)} iv ${iv ? hex(iv) : '-'} data ${hex(m)}`;
            const ours = sm4.encrypt({ mode, key, iv, data: m, padding });
            enc.add(ours, bc.call('sm4', bcMode, 'enc', h(key), iv ? h(iv) : '-', h(m)), `encrypt ${what}`);
            dec.add(m, bc.call('sm4', bcMode, 'dec', h(key), iv ? h(iv) : '-', h(ours)), `BC decrypting ours, ${what}`);
            // BC's ciphertext equals ours once enc passes; decrypting ours checks our decryption too.
            assert.equal(hex(sm4.decrypt({ mode, key, iv, data: ours, padding })), hex(m), `round trip ${what}`);
          }
          assert.equal(await enc.check(), all.length);
          assert.equal(await dec.check(), all.length);
        });
      }

      const aeads: { mode: Sm4AeadMode; nonceLens: number[]; tagLens: number[] }[] = [
        // GCM: 12-byte nonces (J0 = N ‖ 1) and others (J0 from GHASH); tags 12..16.
        { mode: 'gcm', nonceLens: [12, 12, 12, 1, 8, 16, 60], tagLens: [16, 12, 13, 14, 15] },
        // CCM: nonces of 7..13 bytes; tags 4..16, even.
        { mode: 'ccm', nonceLens: [12, 12, 7, 8, 11, 13, 13], tagLens: [16, 4, 6, 8, 10, 12, 14] },
      ];
      for (const { mode, nonceLens, tagLens } of aeads) {
        test(`${mode} with random AAD (0 to 100 bytes), nonce lengths ${[...new Set(nonceLens)].join('/')} and tags of ${tagLens.join('/')} bytes: both directions`, async () => {
          const enc = new Batch(), dec = new Batch();
          let n = 0;
          for (const len of lengths(6)) {
            const key = bytes(16), nonce = bytes(nonceLens[n % nonceLens.length]!), aad = bytes(n === 0 ? 0 : randomInt(0, 101));
            const tagLength = tagLens[n % tagLens.length]!;
            const m = bytes(len);
            const what = `${mode} key ${hex(key)} nonce ${hex(nonce)} aad ${hex(aad)} tag ${tagLength} data ${hex(m)}`;
            const req = { mode, key, nonce, aad, tagLength };
            const sealed = sm4.seal({ ...req, data: m });
            const args = [h(key), h(nonce)] as const;
            enc.add(sealed, bc.call('sm4', mode, 'enc', ...args, h(m), h(aad), String(tagLength)), `seal ${what}`);
            dec.add(m, bc.call('sm4', mode, 'dec', ...args, h(sealed), h(aad), String(tagLength)), `BC opening ours, ${what}`);
            sameBytes(sm4.open({ ...req, data: sealed }), m, `open ${what}`);
            n++;
          }
          assert.equal(await enc.check(), n);
          assert.equal(await dec.check(), n);
          assert.equal(n, 12);
        });

        test(`${mode}: a flipped bit in ciphertext, tag or AAD fails in both (SDR_MACERR here, InvalidCipherTextException in BC)`, async () => {
          const key = bytes(16), nonce = bytes(12), aad = bytes(20), m = bytes(40);
          const sealed = sm4.seal({ mode, key, nonce, aad, data: m });
          const cases = [
            { data: sealed.slice(), aad, at: 5 }, // ciphertext
            { data: sealed.slice(), aad, at: sealed.length - 1 }, // tag
            { data: sealed, aad: aad.slice(), at: -1 }, // AAD
          ];
          for (const c of cases) {
            if (c.at >= 0) c.data[c.at]! ^= 0x10;
            else c.aad[3]! ^= 0x10;
            assert.throws(() => sm4.open({ mode, key, nonce, aad: c.aad, data: c.data }), (e) => isCryptoError(e, 'SDR_MACERR'));
            await assert.rejects(bc.call('sm4', mode, 'dec', h(key), h(nonce), h(c.data), h(c.aad)), /InvalidCipherTextException/);
          }
        });
      }
    });
  }

  describe('ZUC', () => {
    /** The 128-EEA3 IV (GM/T 0001.2 §5.3 / 3GPP 128-EEA3 §3.3): COUNT ‖ BEARER ‖ DIRECTION, twice. */
    const eea3Iv = (count: number, bearer: number, dir: number): Uint8Array => {
      const iv = new Uint8Array(16);
      new DataView(iv.buffer).setUint32(0, count);
      iv[4] = (bearer << 3) | (dir << 2);
      iv.copyWithin(8, 0, 8);
      return iv;
    };
    /** The 128-EIA3 IV (GM/T 0001.3 §5.2 / 3GPP 128-EIA3 §3.3): DIRECTION enters bytes 8 and 14. */
    const eia3Iv = (count: number, bearer: number, dir: number): Uint8Array => {
      const iv = new Uint8Array(16);
      new DataView(iv.buffer).setUint32(0, count);
      iv[4] = bearer << 3;
      iv.copyWithin(8, 0, 8);
      iv[8]! ^= dir << 7;
      iv[14]! ^= dir << 7;
      return iv;
    };

    for (const backend of availableBackends()) {
      test(`128-EEA3 and 128-EIA3 (${backend.name} backend) equal BC's Zuc128Engine / Zuc128Mac under the standard's IV layouts`, async () => {
        const b = new Batch();
        for (const len of lengths(6)) {
          const key = bytes(16), m = bytes(len);
          const count = randomInt(0, 2 ** 32), bearer = randomInt(0, 32), dir = randomInt(0, 2) as 0 | 1;
          const what = `key ${hex(key)} count ${count} bearer ${bearer} direction ${dir} message ${hex(m)}`;
          b.add(backend.zuc.eea3(key, count, bearer, dir, m), bc.call('zuc128', h(key), h(eea3Iv(count, bearer, dir)), h(m)), `EEA3 ${what}`);
          b.add(backend.zuc.eia3(key, count, bearer, dir, m), bc.call('zuc128-mac', h(key), h(eia3Iv(count, bearer, dir)), h(m)), `EIA3 ${what}`);
        }
        assert.equal(await b.check(), 2 * 12);
      });
    }

    test('ZUC-128 and ZUC-256 keystreams and ZUC-256 MACs (32/64/128 bits) equal BC Zuc128Engine, Zuc256Engine, Zuc256Mac', async () => {
      const b = new Batch();
      for (const len of lengths(4)) {
        const k16 = bytes(16), iv16 = bytes(16), k32 = bytes(32), m = bytes(len);
        // ZUC-256's 25-byte IV: IV17..IV24 are 6-bit values, one per byte (Bouncy Castle's form).
        const iv25 = bytes(25).map((x, i) => (i >= 17 ? x & 0x3f : x));
        b.add(new Zuc128(k16, iv16).xorKeystream(m), bc.call('zuc128', h(k16), h(iv16), h(m)), `ZUC-128 ${hex(k16)} ${hex(iv16)} ${hex(m)}`);
        b.add(new Zuc256(k32, iv25).xorKeystream(m), bc.call('zuc256', h(k32), h(iv25), h(m)), `ZUC-256 ${hex(k32)} ${hex(iv25)} ${hex(m)}`);
        for (const bits of [32, 64, 128] as const) {
          b.add(zuc256Mac(k32, iv25, m, bits), bc.call('zuc256-mac', h(k32), h(iv25), h(m), String(bits)), `ZUC-256 MAC-${bits} ${hex(k32)} ${hex(iv25)} ${hex(m)}`);
        }
      }
      assert.equal(await b.check(), 10 * 5);
    });
  });
});
