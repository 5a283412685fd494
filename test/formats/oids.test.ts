/**
 * The OID table: well-formed, unique, and -- where OpenSSL 3.0 knows an identifier -- the same
 * object OpenSSL names (an independent registry).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OID, oidName, describeOid, type OidName } from '../../src/formats/index.js';
import { opensslUnavailable, openssl } from '../interop/openssl.js';

/** OpenSSL 3.0 short/long names of table entries (crypto/objects/objects.txt). */
const OPENSSL_NAMES: Partial<Record<OidName, string>> = {
  sm4Ecb: 'sm4-ecb', sm4Cbc: 'sm4-cbc', sm4Ofb: 'sm4-ofb', sm4Cfb: 'sm4-cfb', sm4Cfb1: 'sm4-cfb1',
  sm4Cfb8: 'sm4-cfb8', sm4Ctr: 'sm4-ctr', sm2: 'sm2', sm3: 'sm3', sm2SignWithSm3: 'SM2-with-SM3',
  rsaSignWithSm3: 'sm3WithRSAEncryption', idEcPublicKey: 'id-ecPublicKey', prime256v1: 'prime256v1',
  secp256k1: 'secp256k1', secp384r1: 'secp384r1', secp521r1: 'secp521r1', ecdsaWithSha256: 'ecdsa-with-SHA256',
  ecdsaWithSha384: 'ecdsa-with-SHA384', rsaEncryption: 'rsaEncryption', rsaesOaep: 'rsaesOaep', rsassaPss: 'rsassaPss',
  sha256WithRsaEncryption: 'sha256WithRSAEncryption', sha384WithRsaEncryption: 'sha384WithRSAEncryption',
  pbes2: 'PBES2', sha256: 'sha256', sha384: 'sha384',
};

describe('OID table', () => {
  const entries = Object.entries(OID) as [OidName, string][];

  test('every value is a dotted OID and no value appears twice', () => {
    for (const [name, oid] of entries) assert.match(oid, /^[0-2](\.(0|[1-9]\d*))+$/, name);
    assert.equal(new Set(entries.map(([, v]) => v)).size, entries.length);
  });

  test('Chinese-standard entries sit under 1.2.156.10197 (the OSCCA arc)', () => {
    const gm = entries.filter(([n]) => /^(sm|ssf|rsaSignWith|gm|hmacWithSm3)/.test(n));
    for (const [name, oid] of gm) assert.ok(oid.startsWith('1.2.156.10197.'), name);
    assert.ok(gm.length >= 30);
  });

  test('oidName and describeOid map values back to names', () => {
    assert.equal(oidName('1.2.156.10197.1.301'), 'sm2');
    assert.equal(oidName('1.2.3.4'), undefined);
    assert.equal(describeOid(OID.sm2SignWithSm3), 'sm2SignWithSm3 (1.2.156.10197.1.501)');
    assert.equal(describeOid('1.2.3.4'), '1.2.3.4');
    for (const [name, oid] of entries) assert.equal(oidName(oid), name);
  });

  test('OpenSSL names each identifier it knows as the same object', { skip: opensslUnavailable() ?? false }, () => {
    let n = 0;
    for (const [name, want] of Object.entries(OPENSSL_NAMES) as [OidName, string][]) {
      const r = openssl(['asn1parse', '-genstr', `OBJECT:${OID[name]}`]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.toString().trim().split(':').at(-1), want, name);
      n++;
    }
    assert.equal(n, 26);
  });
});
