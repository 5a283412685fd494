/**
 * The timestamp authority (RFC 3161 with SM2/SM3): tokens verify for their data and no other,
 * echo the nonce, carry the policy and serials that increase; bad requests are refused with the
 * RFC's failure codes; Bouncy Castle's TimeStampToken.validate accepts our tokens; the HTTP
 * transport works end to end.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { sm3 } from '../../src/algorithms/sm3/index.js';
import { OID } from '../../src/formats/index.js';
import { issueCertificate, parseCertificate, type Sm2Signer } from '../../src/pki/index.js';
import { decodeResponse, encodeRequest, queryTsa, startTsaServer, TimestampAuthority, verifyTimestamp } from '../../src/tsa/index.js';
import { bcCmsUnavailable, bcVerifyTimestamp } from '../interop/bc-cms.js';

const rootKey = sm2.generateKeyPair();
const tsaKey = sm2.generateKeyPair();
const sign = (k: typeof rootKey): Sm2Signer => async (d) => sm2.sign(k.privateKey, d, { publicKey: k.publicKey });
const t0 = Date.now();
const rootDer = await issueCertificate({ serial: Uint8Array.of(0x10), issuer: 'CN=TSA Root', subject: 'CN=TSA Root', notBefore: new Date(t0 - 60_000), notAfter: new Date(t0 + 864e5), publicKey: rootKey.publicKey, issuerPublicKey: rootKey.publicKey, usage: 'ca' }, sign(rootKey));
const tsaDer = await issueCertificate({ serial: Uint8Array.of(0x11), issuer: 'CN=TSA Root', subject: 'CN=Mima TSA', notBefore: new Date(t0 - 60_000), notAfter: new Date(t0 + 864e5), publicKey: tsaKey.publicKey, issuerPublicKey: rootKey.publicKey, usage: 'tsa' }, sign(rootKey));
let serial = 0n;
const tsa = new TimestampAuthority({ certificate: tsaDer, signer: sign(tsaKey), nextSerial: async () => ++serial });
const trusted = [parseCertificate(rootDer)];
const data = utf8('the document to timestamp');
const request = (over: Partial<Parameters<typeof encodeRequest>[0]> = {}) => encodeRequest({ hashAlgorithm: OID.sm3, imprint: sm3(data), certReq: true, nonce: Uint8Array.of(0x01, 0x23, 0x45), ...over });
const dir = mkdtempSync(join(tmpdir(), 'mima-tsa-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;

describe('tokens', () => {
  test('a token verifies for its data: policy, nonce echoed, serial, genTime, the TSA certificate trusted', async () => {
    const v = verifyTimestamp(await tsa.respond(request()), { content: data, trusted, nonce: Uint8Array.of(0x01, 0x23, 0x45) });
    assert.equal(v.tst.policy, tsa.policy);
    assert.equal(v.tsa.subject, 'CN=Mima TSA');
    assert.ok(Math.abs(v.tst.genTime.getTime() - Date.now()) < 5000);
    assert.equal(v.tst.accuracyMs, 1000);
  });

  test('other data fails (the imprint differs)', async () => {
    const resp = await tsa.respond(request());
    assert.throws(() => verifyTimestamp(resp, { content: utf8('other'), trusted }), code('SDR_VERIFYERR'));
  });

  test('serial numbers increase and genTime never goes backwards', async () => {
    const a = verifyTimestamp(await tsa.respond(request()), { content: data, trusted }).tst;
    const b = verifyTimestamp(await tsa.respond(request(), new Date(0)), { content: data, trusted }).tst;
    assert.ok(b.serial > a.serial);
    assert.ok(b.genTime.getTime() > a.genTime.getTime());
  });

  test('without certReq the certificate is left out, and the verifier needs it given', async () => {
    const resp = await tsa.respond(request({ certReq: false }));
    assert.throws(() => verifyTimestamp(resp, { content: data, trusted }), code('SDR_VERIFYERR'));
    assert.ok(verifyTimestamp(resp, { content: data, trusted, certificates: [tsaDer] }));
  });
});

describe('refusals (PKIStatus rejection with the RFC 3161 failure bit)', () => {
  test('a non-SM3 imprint is badAlg', async () => {
    const r = decodeResponse(await tsa.respond(request({ hashAlgorithm: '2.16.840.1.101.3.4.2.1' })));
    assert.equal(r.status, 2);
    assert.match(r.statusText!, /only SM3/);
  });

  test('another policy is unacceptedPolicy; garbage is badDataFormat', async () => {
    assert.match(decodeResponse(await tsa.respond(request({ policy: '1.2.3.4' }))).statusText!, /issues under policy/);
    assert.match(decodeResponse(await tsa.respond(Uint8Array.of(1, 2, 3))).statusText!, /malformed/);
  });
});

describe('interop and transport', () => {
  test('Bouncy Castle validates our token (TimeStampToken.validate: signature, ESS certificate hash, timeStamping usage)', { skip: bcCmsUnavailable() ?? false }, async () => {
    const file = join(dir, 'resp.tsr');
    writeFileSync(file, await tsa.respond(request()));
    assert.match(bcVerifyTimestamp(file), new RegExp(`^OK \\d+ ${tsa.policy.replace(/\./g, '\\.')}$`));
  });

  test('over HTTP: application/timestamp-query in, a verifiable reply out; other content types are 415', async () => {
    const server = await startTsaServer(tsa, { host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${server.port}/`;
      assert.ok(verifyTimestamp(await queryTsa(url, request()), { content: data, trusted }));
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
      assert.equal(r.status, 415);
    } finally {
      await server.close();
    }
  });
});
