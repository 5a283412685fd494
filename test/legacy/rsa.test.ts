/**
 * RSA: key generation and import limits, signature and encryption round trips, the OpenSSL 3
 * CLI as a peer both ways, raw operations checked against the PKCS#1 v1.5 block structure,
 * and Wycheproof verification/decryption sets.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  generateRsaKeyPair,
  importRsaPrivateKey,
  importRsaPublicKey,
  rsaPrivateKeyFromComponents,
  rsaPublicKeyFromComponents,
  type RsaKeyPair,
  type RsaPrivateKey,
  type RsaSignatureScheme,
} from '../../src/algorithms/legacy/index.js';
import { isCryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { bytesToBigInt, bigIntToBytes, fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import { readJson } from '../helpers/vectors.js';
import { opensslUnavailable, openssl, scratch } from '../interop/openssl.js';

const withOpenssl = { skip: opensslUnavailable() ?? false };
const SCHEMES: RsaSignatureScheme[] = ['pkcs1v15-sha256', 'pkcs1v15-sha384', 'pss-sha256', 'pss-sha384'];

function fails(fn: () => unknown, code: SdrName, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, code), `expected CryptoError ${code}, got ${String(e)}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

function pem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

let pair: RsaKeyPair;
let key: RsaPrivateKey;
before(() => {
  pair = generateRsaKeyPair(2048);
  key = importRsaPrivateKey(pair.privateKeyDer);
});

describe('keys', () => {
  test('a generated key has the requested size, e = 65537 and consistent CRT components', () => {
    const c = pair.components;
    assert.equal(pair.bits, 2048);
    assert.equal(c.n.length, 256);
    assert.equal(bytesToBigInt(c.e), 65537n);
    const [n, d, p, q] = [c.n, c.d, c.p, c.q].map(bytesToBigInt) as [bigint, bigint, bigint, bigint];
    assert.equal(p * q, n);
    assert.equal(bytesToBigInt(c.dp), d % (p - 1n));
    assert.equal(bytesToBigInt(c.dq), d % (q - 1n));
    assert.equal((bytesToBigInt(c.qinv) * q) % p, 1n);
  });

  test('DER and components describe the same key both ways', () => {
    assert.deepEqual(rsaPrivateKeyFromComponents(pair.components).exportDer(), pair.privateKeyDer);
    assert.deepEqual(importRsaPublicKey(pair.publicKeyDer).components(), { n: pair.components.n, e: pair.components.e });
    assert.deepEqual(rsaPublicKeyFromComponents(pair.components).toDer(), pair.publicKeyDer);
    assert.deepEqual(key.exportComponents(), pair.components);
    assert.equal(key.modulusLen, 256);
  });

  test('3072- and 4096-bit keys are generated; custom odd exponents are honoured', () => {
    assert.equal(generateRsaKeyPair(3072).components.n.length, 384);
    const big = generateRsaKeyPair(4096, 65539);
    assert.equal(big.bits, 4096);
    assert.equal(bytesToBigInt(big.components.e), 65539n);
  });

  test('sizes outside 2048..4096 and bad exponents are SDR_KEYERR', () => {
    for (const bits of [512, 1024, 2047, 4097, 8192, 2048.5]) fails(() => generateRsaKeyPair(bits), 'SDR_KEYERR', /bits must be 2048\.\.4096/);
    for (const e of [3, 65536, 65538, 2 ** 32 + 1]) fails(() => generateRsaKeyPair(2048, e), 'SDR_KEYERR', /public exponent/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    fails(() => importRsaPrivateKey(small.privateKey.export({ type: 'pkcs8', format: 'der' })), 'SDR_KEYERR', /1024 bits is outside 2048\.\.4096/);
    fails(() => importRsaPublicKey(small.publicKey.export({ type: 'spki', format: 'der' })), 'SDR_KEYERR', /outside/);
  });

  test('non-RSA, malformed and inconsistent keys are SDR_KEYERR', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    fails(() => importRsaPrivateKey(ec.privateKey.export({ type: 'pkcs8', format: 'der' })), 'SDR_KEYERR', /not an rsaEncryption key \(ec\)/);
    fails(() => importRsaPublicKey(pair.privateKeyDer), 'SDR_KEYERR', /not an SPKI public key/);
    fails(() => importRsaPrivateKey(new Uint8Array([0x30, 0])), 'SDR_KEYERR', /not a PKCS#8 private key/);
    const c = pair.components;
    fails(() => rsaPrivateKeyFromComponents({ ...c, q: c.p }), 'SDR_KEYERR', /n is not p·q/);
    const wrongD = bigIntToBytes(bytesToBigInt(c.d) ^ 2n, c.d.length);
    const dp = bigIntToBytes(bytesToBigInt(wrongD) % (bytesToBigInt(c.p) - 1n), c.p.length);
    fails(() => rsaPrivateKeyFromComponents({ ...c, d: wrongD, dp }), 'SDR_KEYERR');
    fails(() => rsaPublicKeyFromComponents({ n: c.n, e: new Uint8Array([1, 0, 0]) }), 'SDR_KEYERR', /odd/);
  });
});

describe('signatures', () => {
  test('each scheme signs and verifies; any change to message or signature gives false', () => {
    const msg = utf8('Mima RSA signature');
    for (const s of SCHEMES) {
      const sig = key.sign(msg, s);
      assert.equal(sig.length, 256);
      assert.equal(key.publicKey.verify(msg, sig, s), true, s);
      assert.equal(key.publicKey.verify(utf8('Mima RSA signaturf'), sig, s), false, s);
      const bad = sig.slice();
      bad[100]! ^= 0x10;
      assert.equal(key.publicKey.verify(msg, bad, s), false, s);
      assert.equal(key.publicKey.verify(msg, sig.subarray(1), s), false, s);
      assert.equal(key.publicKey.verify(msg, new Uint8Array([0, ...sig]), s), false, s);
    }
  });

  test('a signature verifies only under its own scheme', () => {
    const msg = utf8('x');
    for (const s of SCHEMES) for (const t of SCHEMES) assert.equal(key.publicKey.verify(msg, key.sign(msg, s), t), s === t, `${s} as ${t}`);
  });

  test('PKCS#1 v1.5 is deterministic and rawPublic(signature) is 00 01 FF..FF 00 DigestInfo ‖ SHA-256(m) (RFC 8017 §9.2)', () => {
    const msg = utf8('abc');
    const sig = key.sign(msg, 'pkcs1v15-sha256');
    assert.deepEqual(key.sign(msg, 'pkcs1v15-sha256'), sig);
    const digestInfo = '3031300d060960864801650304020105000420' + createHash('sha256').update(msg).digest('hex');
    const em = '0001' + 'ff'.repeat(256 - 3 - digestInfo.length / 2) + '00' + digestInfo;
    assert.equal(toHex(key.publicKey.rawPublic(sig)), em);
    assert.deepEqual(key.rawPrivate(fromHex(em)), sig);
  });

  test('unknown schemes are TypeErrors', () => {
    assert.throws(() => key.sign(utf8('x'), 'pkcs1v15-sm3' as RsaSignatureScheme), TypeError);
    assert.throws(() => key.publicKey.verify(utf8('x'), new Uint8Array(256), 'pss' as RsaSignatureScheme), TypeError);
  });
});

describe('encryption', () => {
  test('OAEP-SHA-256 and PKCS#1 v1.5 round-trip from 0 bytes to the maximum length', () => {
    for (const [s, max] of [['oaep-sha256', 256 - 66], ['pkcs1v15', 256 - 11]] as const) {
      for (const len of [0, 1, 32, max]) {
        const pt = new Uint8Array(len).fill(0xa5);
        const ct = key.publicKey.encrypt(pt, s);
        assert.equal(ct.length, 256);
        assert.deepEqual(key.decrypt(ct, s), pt, `${s} ${len}`);
      }
      fails(() => key.publicKey.encrypt(new Uint8Array(max + 1), s), 'SDR_INARGERR', new RegExp(`exceeds ${max}`));
    }
  });

  test('every decryption failure is the same opaque SDR_ENCDATAERR', () => {
    const messages = new Set<string>();
    const catchMsg = (fn: () => unknown): void => {
      assert.throws(fn, (e: unknown) => isCryptoError(e, 'SDR_ENCDATAERR') && (messages.add(e.message), true));
    };
    // Well-formed RSA inputs whose padding is wrong, deterministically: a block-type-1 EM
    // (00 01 FF.. 00 M), an EM without the zero separator, and one whose PS is 7 bytes (< 8).
    const badEms = ['0001' + 'ff'.repeat(200) + '00' + '11'.repeat(53), '0002' + '5a'.repeat(254), '0002' + '5a'.repeat(7) + '00' + '11'.repeat(246)];
    for (const s of ['oaep-sha256', 'pkcs1v15'] as const) {
      for (const em of badEms) {
        const c = key.publicKey.rawPublic(fromHex(em));
        catchMsg(() => key.decrypt(c, s));
      }
      const ct = key.publicKey.encrypt(utf8('secret'), s);
      catchMsg(() => key.decrypt(ct.subarray(1), s)); // not k bytes
      catchMsg(() => key.decrypt(pair.components.n, s)); // c = n >= n
    }
    const oaep = key.publicKey.encrypt(utf8('secret'), 'oaep-sha256');
    oaep[200]! ^= 1; // OAEP's hash check catches any change (the v1.5 check would not, always)
    catchMsg(() => key.decrypt(oaep, 'oaep-sha256'));
    catchMsg(() => key.decrypt(key.publicKey.encrypt(utf8('secret'), 'pkcs1v15'), 'oaep-sha256'));
    assert.deepEqual([...messages], ['rsa.decrypt: decryption failed']);
  });
});

describe('raw operations', () => {
  test('rawPrivate inverts rawPublic; short inputs are left-padded; output is k bytes', () => {
    const n = bytesToBigInt(pair.components.n);
    for (const x of [fromHex('02'), fromHex('00000003'), bigIntToBytes(n - 1n, 256), new Uint8Array(256).fill(0x11)]) {
      const y = key.publicKey.rawPublic(x);
      assert.equal(y.length, 256);
      assert.equal(bytesToBigInt(y), modPow(bytesToBigInt(x), 65537n, n));
      assert.equal(bytesToBigInt(key.rawPrivate(y)), bytesToBigInt(x));
    }
  });

  test('inputs >= n or longer than k are SDR_INARGERR', () => {
    const n = pair.components.n;
    for (const x of [n, new Uint8Array(256).fill(0xff), new Uint8Array(257)]) {
      fails(() => key.publicKey.rawPublic(x), 'SDR_INARGERR', /less than the modulus/);
      fails(() => key.rawPrivate(x), 'SDR_INARGERR', /less than the modulus/);
    }
  });
});

describe('OpenSSL 3 CLI as a peer', () => {
  const digestOpts = (s: RsaSignatureScheme): string[] => {
    const [pad, hash] = s.split('-') as [string, string];
    const o = ['-digest', hash];
    if (pad === 'pss') o.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', `rsa_pss_saltlen:${hash === 'sha256' ? 32 : 48}`);
    return o;
  };

  test('`openssl pkeyutl -verify` accepts our PKCS#1 v1.5 and PSS signatures; we verify OpenSSL\'s', withOpenssl, () => {
    const s = scratch();
    try {
      const pub = s.file('pub.pem', pem('PUBLIC KEY', pair.publicKeyDer));
      const priv = s.file('key.pem', pem('PRIVATE KEY', pair.privateKeyDer));
      const msg = utf8('interop message');
      const msgFile = s.file('msg', msg);
      for (const scheme of SCHEMES) {
        const sigFile = s.file('sig', key.sign(msg, scheme));
        const v = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', msgFile, '-sigfile', sigFile, ...digestOpts(scheme)]);
        assert.equal(v.status, 0, `${scheme}: ${v.stderr}`);
        const r = openssl(['pkeyutl', '-sign', '-inkey', priv, '-rawin', '-in', msgFile, ...digestOpts(scheme)]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(key.publicKey.verify(msg, new Uint8Array(r.stdout), scheme), true, scheme);
      }
    } finally {
      s.cleanup();
    }
  });

  test('OpenSSL decrypts our OAEP and PKCS#1 v1.5 ciphertexts, and we decrypt its', withOpenssl, () => {
    const s = scratch();
    try {
      const pub = s.file('pub.pem', pem('PUBLIC KEY', pair.publicKeyDer));
      const priv = s.file('key.pem', pem('PRIVATE KEY', pair.privateKeyDer));
      const opts = {
        'oaep-sha256': ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
        pkcs1v15: ['-pkeyopt', 'rsa_padding_mode:pkcs1'],
      } as const;
      const pt = utf8('a wrapped session key, 32 bytes');
      for (const scheme of ['oaep-sha256', 'pkcs1v15'] as const) {
        const d = openssl(['pkeyutl', '-decrypt', '-inkey', priv, '-in', s.file('ct', key.publicKey.encrypt(pt, scheme)), ...opts[scheme]]);
        assert.equal(d.status, 0, `${scheme}: ${d.stderr}`);
        assert.deepEqual(new Uint8Array(d.stdout), pt);
        const e = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pub, '-in', s.file('pt', pt), ...opts[scheme]]);
        assert.equal(e.status, 0, e.stderr);
        assert.deepEqual(key.decrypt(new Uint8Array(e.stdout), scheme), pt);
      }
    } finally {
      s.cleanup();
    }
  });
});

interface WpTest { tcId: number; msg: string; sig?: string; ct?: string; label?: string; result: string; flags: string[] }
interface WpGroup { publicKeyDer?: string; privateKeyPkcs8?: string; tests: WpTest[] }
const wp = (file: string): WpGroup[] => readJson<{ testGroups: WpGroup[] }>('wycheproof', file).testGroups;

describe('Wycheproof', () => {
  function verifySet(file: string, scheme: RsaSignatureScheme, want: [number, number, number]): void {
    const count = [0, 0, 0];
    for (const g of wp(file)) {
      const pub = importRsaPublicKey(fromHex(g.publicKeyDer!));
      for (const t of g.tests) {
        const ok = pub.verify(fromHex(t.msg), fromHex(t.sig!), scheme);
        if (t.result === 'acceptable') count[2]!++;
        else {
          assert.equal(ok, t.result === 'valid', `tcId ${t.tcId} ${t.flags.join()}`);
          count[t.result === 'valid' ? 0 : 1]!++;
        }
      }
    }
    assert.deepEqual(count, want);
  }

  test('rsa_signature_2048_sha256_test.json (PKCS#1 v1.5): 9 valid, 249 invalid, 1 acceptable not judged', () => {
    verifySet('rsa_signature_2048_sha256_test.json', 'pkcs1v15-sha256', [9, 249, 1]);
  });

  test('rsa_pss_2048_sha256_mgf1_32_test.json: 63 valid, 45 invalid', () => {
    verifySet('rsa_pss_2048_sha256_mgf1_32_test.json', 'pss-sha256', [63, 45, 0]);
  });

  function decryptSet(file: string, scheme: 'oaep-sha256' | 'pkcs1v15', want: [number, number, number]): void {
    const count = [0, 0, 0];
    for (const g of wp(file)) {
      const priv = importRsaPrivateKey(fromHex(g.privateKeyPkcs8!));
      for (const t of g.tests) {
        if (t.label) {
          count[2]!++; // OAEP labels are not part of this API
          continue;
        }
        if (t.result === 'valid') {
          assert.equal(toHex(priv.decrypt(fromHex(t.ct!), scheme)), t.msg, `tcId ${t.tcId}`);
          count[0]!++;
        } else {
          assert.equal(t.result, 'invalid');
          fails(() => priv.decrypt(fromHex(t.ct!), scheme), 'SDR_ENCDATAERR', /^rsa\.decrypt: decryption failed$/);
          count[1]!++;
        }
      }
    }
    assert.deepEqual(count, want);
  }

  test('rsa_oaep_2048_sha256_mgf1sha256_test.json: 10 valid, 19 invalid; 8 with labels skipped', () => {
    decryptSet('rsa_oaep_2048_sha256_mgf1sha256_test.json', 'oaep-sha256', [10, 19, 8]);
  });

  test('rsa_pkcs1_2048_test.json (v1.5 decryption, our padding check): 42 valid, 25 invalid', () => {
    decryptSet('rsa_pkcs1_2048_test.json', 'pkcs1v15', [42, 25, 0]);
  });
});
