/**
 * PEM armour (RFC 7468): writing, lax-but-checked reading, and every refusal with its message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { pemEncode, pemDecode, pemDecodeAll, looksLikePem } from '../../src/formats/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';

function rejects(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, 'SDR_INARGERR'), `expected CryptoError SDR_INARGERR, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

const DER = new Uint8Array(Array.from({ length: 100 }, (_, i) => (i * 37) & 255));

describe('pemEncode', () => {
  test('writes RFC 7468 §2 layout: 64-character lines, LF, final newline', () => {
    const pem = pemEncode('PUBLIC KEY', DER);
    const lines = pem.split('\n');
    assert.equal(lines[0], '-----BEGIN PUBLIC KEY-----');
    assert.equal(lines.at(-2), '-----END PUBLIC KEY-----');
    assert.equal(lines.at(-1), '');
    const body = lines.slice(1, -2);
    assert.deepEqual(body.map((l) => l.length), [64, 64, 8]); // 100 bytes -> 136 base64 characters
    assert.equal(body.join(''), Buffer.from(DER).toString('base64'));
  });

  test('matches the PEM node:crypto (OpenSSL) writes for the same DER', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(pemEncode('PUBLIC KEY', spki), publicKey.export({ type: 'spki', format: 'pem' }));
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.equal(pemEncode('PRIVATE KEY', pkcs8), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  });

  test('refuses labels RFC 7468 §3 does not allow (RangeError: programmer error)', () => {
    for (const label of ['', ' KEY', 'KEY ', 'A--B', 'A  B', 'LINE\nBREAK', '-KEY']) {
      assert.throws(() => pemEncode(label, DER), RangeError, JSON.stringify(label));
    }
  });

  test('round-trips any bytes under any valid label', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constantFrom('CERTIFICATE', 'EC PRIVATE KEY', 'X509 CRL', 'A-B'), (der, label) => {
        const block = pemDecode(pemEncode(label, der), label);
        assert.equal(block.label, label);
        assert.deepEqual(block.der, der);
      }),
    );
  });
});

describe('pemDecode: accepted variations', () => {
  const pem = pemEncode('CERTIFICATE', DER);

  test('CRLF and lone CR line ends', () => {
    assert.deepEqual(pemDecode(pem.replace(/\n/g, '\r\n'), 'CERTIFICATE').der, DER);
    assert.deepEqual(pemDecode(pem.replace(/\n/g, '\r'), 'CERTIFICATE').der, DER);
  });

  test('spaces and tabs around lines and inside the base64, other line widths', () => {
    const b64 = Buffer.from(DER).toString('base64');
    const messy = `  -----BEGIN CERTIFICATE-----  \n\t${b64.slice(0, 10)} ${b64.slice(10, 50)}\t\n${b64.slice(50)}   \n-----END CERTIFICATE-----\n`;
    assert.deepEqual(pemDecode(messy, 'CERTIFICATE').der, DER);
  });

  test('explanatory text before and after, and blocks with other labels, are skipped', () => {
    const text = `Subject: someone\n${pemEncode('EC PARAMETERS', new Uint8Array([6, 1, 0]))}junk\n${pem}trailer`;
    const block = pemDecode(text, 'CERTIFICATE');
    assert.deepEqual(block.der, DER);
    assert.equal(block.headers.size, 0);
  });

  test('bytes of PEM text are read like the text', () => {
    assert.deepEqual(pemDecode(Buffer.from(pem, 'latin1'), 'CERTIFICATE').der, DER);
    assert.equal(looksLikePem(Buffer.from(pem)), true);
    assert.equal(looksLikePem(DER), false);
  });

  test('pemDecodeAll returns every block in order', () => {
    const a = pemEncode('CERTIFICATE', new Uint8Array([1, 2, 3]));
    const b = pemEncode('PRIVATE KEY', new Uint8Array([4, 5]));
    const blocks = pemDecodeAll(a + '\n' + b);
    assert.deepEqual(blocks.map((x) => x.label), ['CERTIFICATE', 'PRIVATE KEY']);
    assert.deepEqual(blocks[1]!.der, new Uint8Array([4, 5]));
  });

  test('RFC 1421 headers are returned, not decoded as base64', () => {
    const text = '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233\n\nAQID\n-----END EC PRIVATE KEY-----\n';
    const block = pemDecode(text, 'EC PRIVATE KEY');
    assert.equal(block.headers.get('Proc-Type'), '4,ENCRYPTED');
    assert.deepEqual(block.der, new Uint8Array([1, 2, 3]));
  });
});

describe('pemDecode: refusals name the problem (SDR_INARGERR)', () => {
  const pem = pemEncode('CERTIFICATE', DER);

  test('no BEGIN line: "not PEM"', () => {
    rejects(() => pemDecode('hello world', 'CERTIFICATE'), /^pemDecode: not PEM/);
    rejects(() => pemDecode('', 'CERTIFICATE'), /not PEM/);
    rejects(() => pemDecodeAll(DER), /not PEM/);
  });

  test('wrong label: "expected PRIVATE KEY, got CERTIFICATE"', () => {
    rejects(() => pemDecode(pem, 'PRIVATE KEY'), /^pemDecode: expected PRIVATE KEY, got CERTIFICATE$/);
  });

  test('two blocks with the expected label', () => {
    rejects(() => pemDecode(pem + pem, 'CERTIFICATE'), /found 2 CERTIFICATE blocks, expected one/);
  });

  test('BEGIN without END', () => {
    rejects(() => pemDecode(pem.replace('-----END CERTIFICATE-----', ''), 'CERTIFICATE'), /BEGIN CERTIFICATE \(line 1\) has no END line/);
  });

  test('END label differs from BEGIN label', () => {
    rejects(() => pemDecode(pem.replace('END CERTIFICATE', 'END PRIVATE KEY'), 'CERTIFICATE'), /BEGIN CERTIFICATE ended by END PRIVATE KEY/);
  });

  test('END without BEGIN', () => {
    rejects(() => pemDecode('-----END CERTIFICATE-----\n' + pem, 'CERTIFICATE'), /without a BEGIN line/);
  });

  test('BEGIN inside a block', () => {
    rejects(() => pemDecode(pem.replace('-----END CERTIFICATE-----\n', '') + pem, 'CERTIFICATE'), /BEGIN inside CERTIFICATE/);
  });

  test('empty body', () => {
    rejects(() => pemDecode('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', 'CERTIFICATE'), /empty CERTIFICATE body/);
  });

  test('bad base64: foreign character', () => {
    rejects(() => pemDecode(pem.replace(/\n[A-Za-z]/, '\n*'), 'CERTIFICATE'), /bad base64 in CERTIFICATE: character "\*"/);
  });

  test("bad base64: '=' before the end", () => {
    rejects(() => pemDecode('-----BEGIN X-----\nAA==AAAA\n-----END X-----\n', 'X'), /bad base64 in X: '=' before the end/);
  });

  test('bad base64: length not a multiple of 4', () => {
    rejects(() => pemDecode('-----BEGIN X-----\nAAAAA\n-----END X-----\n', 'X'), /length 5 is not a multiple of 4/);
    rejects(() => pemDecode('-----BEGIN X-----\nAAA\n-----END X-----\n', 'X'), /not a multiple of 4/);
  });

  test('bad base64: non-zero padding bits', () => {
    // "AB==" decodes to 0x00 with four stray bits set; canonical is "AA==".
    rejects(() => pemDecode('-----BEGIN X-----\nAB==\n-----END X-----\n', 'X'), /non-zero padding bits/);
    assert.deepEqual(pemDecode('-----BEGIN X-----\nAA==\n-----END X-----\n', 'X').der, new Uint8Array([0]));
  });

  test('wrong argument types are TypeErrors', () => {
    assert.throws(() => pemDecodeAll(42 as unknown as string), TypeError);
    assert.throws(() => pemEncode('X', 'abc' as unknown as Uint8Array), TypeError);
  });
});
