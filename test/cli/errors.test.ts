/**
 * The CLI's failure contract (src/cli/errors.ts) on bad input of every kind: exit 2, nothing on
 * stdout, exactly one line "mima: <problem>" on stderr that names the problem, no stack trace,
 * and no output file left behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gmVector, repoRoot } from '../helpers/vectors.js';
import { scratch } from '../interop/openssl.js';
import { fails, mima, mimaWithIdleStdin, ok } from './mima.js';

const KEY = '0123456789abcdeffedcba9876543210';
const IV = '000102030405060708090a0b0c0d0e0f';

describe('bad input: exit 2 and one line naming the problem', () => {
  const dir = scratch();
  let key: string, pub: string, msg: string;
  before(() => {
    key = dir.file('key.pem');
    pub = dir.file('pub.pem');
    msg = dir.file('msg.txt', 'a message');
    ok(mima(['sm2', 'keygen', '--out', key, '--pubout', pub]));
  });
  after(() => dir.cleanup());

  test('bad hex in a key, IV or AAD', () => {
    fails(mima(['sm4', '--encrypt', '--mode', 'cbc', '--key', 'zz' + KEY.slice(2), '--iv', IV]), /--key: not a hex string/);
    fails(mima(['sm4', '--encrypt', '--mode', 'cbc', '--key', KEY, '--iv', IV.slice(1)]), /--iv: odd number of hex digits/);
    fails(mima(['sm4', '--encrypt', '--mode', 'gcm', '--key', KEY, '--iv', IV, '--aad', 'g0']), /--aad: not a hex string/);
  });

  test('wrong key length', () => {
    fails(mima(['sm4', '--encrypt', '--mode', 'ecb', '--key', KEY + '00']), /--key: expected 16 bytes, got 17/);
    fails(mima(['zuc', 'eea3', '--key', '00', '--count', '0', '--bearer', '0', '--direction', '0']), /--key: expected 16 bytes, got 1/);
  });

  test('missing --iv for a mode that needs one', () => {
    for (const mode of ['cbc', 'cfb', 'ofb', 'ctr', 'xts']) {
      fails(mima(['sm4', '--encrypt', '--mode', mode, '--key', mode === 'xts' ? KEY + KEY : KEY]), new RegExp(`--iv is required for ${mode}`));
    }
    fails(mima(['sm4', '--encrypt', '--mode', 'gcm', '--key', KEY]), /--iv \(the nonce\) is required for gcm/);
  });

  test('unknown mode', () => {
    fails(mima(['sm4', '--encrypt', '--mode', 'cts', '--key', KEY]), /--mode: expected one of ecb, cbc, cfb, ofb, ctr, gcm, ccm, xts, got "cts"/);
  });

  test('malformed PEM, as a private and as a public key', () => {
    const bad = dir.file('bad.pem', '-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n');
    fails(mima(['sm2', 'sign', '--key', bad, '--in', msg]), /bad base64 in PRIVATE KEY: character "!"/);
    const cut = dir.file('cut.pem', dir.read('pub.pem').toString().split('\n').slice(0, 2).join('\n'));
    fails(mima(['sm2', 'verify', '--pub', cut, '--sig', msg, '--in', msg]), /no END line/);
  });

  test('a public key where a private key is expected', () => {
    fails(mima(['sm2', 'sign', '--key', pub, '--in', msg]), /expected PRIVATE KEY, got PUBLIC KEY/);
    fails(mima(['sm2', 'decrypt', '--key', pub], { input: 'x' }), /expected PRIVATE KEY, got PUBLIC KEY/);
  });

  test('a signature file that is not DER', () => {
    fails(mima(['sm2', 'verify', '--pub', pub, '--sig', msg, '--in', msg]), /signature is not DER/);
    const raw = dir.file('raw.sig', new Uint8Array(64).fill(7)); // r‖s without DER
    fails(mima(['sm2', 'verify', '--pub', pub, '--sig', raw, '--in', msg]), /signature is not DER/);
  });

  test('a tampered GCM or CCM ciphertext (SDR_MACERR); no output file is written', () => {
    for (const id of ['sm4_gcm_rfc8998', 'sm4_ccm_rfc8998']) {
      const v = gmVector(id);
      const sealed = Buffer.from((v.ciphertext as string) + (v.tag as string), 'hex');
      sealed[sealed.length - 20]! ^= 1;
      const out = dir.file(`${id}.out`);
      fails(mima(['sm4', '--decrypt', '--mode', id.slice(4, 7), '--key', v.key as string, '--iv', v.iv as string, '--aad', v.aad as string,
        '--out', out], { input: sealed }), /authentication failed \(SDR_MACERR\)/);
      assert.equal(existsSync(out), false, id);
    }
  });

  test('a tampered SM2 ciphertext (SDR_ENCDATAERR), in each format', () => {
    for (const format of ['asn1', 'c1c3c2', 'c1c2c3']) {
      const ct = ok(mima(['sm2', 'encrypt', '--pub', pub, '--format', format], { input: 'secret' })).stdout;
      ct[ct.length - 3]! ^= 0x40;
      fails(mima(['sm2', 'decrypt', '--key', key, '--format', format], { input: ct }), /SDR_ENCDATAERR/);
    }
  });

  test('a missing input file, a directory as input, an output in a missing directory', () => {
    const missing = dir.file('nope.txt');
    fails(mima(['sm3', missing]), new RegExp(`${missing}: no such file`));
    fails(mima(['sm2', 'sign', '--key', dir.file('nokey.pem'), '--in', msg]), /nokey\.pem: no such file/);
    fails(mima(['sm4', '--encrypt', '--mode', 'ecb', '--key', KEY, '--in', dir.dir]), /is a directory/);
    fails(mima(['rand', '--bytes', '4', '--out', dir.file('no/such/dir/r.bin')]), /no such file/);
  });

  test('an unknown option, a missing required option, a stray argument', () => {
    fails(mima(['sm3', '--hex']), /unknown option '--hex'/);
    fails(mima(['sm4', '--encrypt', '--key', KEY]), /required option '--mode <mode>' not specified/);
    fails(mima(['sm3', msg, msg]), /too many arguments/);
  });

  test('an unknown command, at the top and under sm2 and zuc', () => {
    fails(mima(['sm9']), /unknown command 'sm9'/);
    fails(mima(['sm2', 'exchange']), /unknown command 'exchange'/);
    fails(mima(['zuc', 'eea2']), /unknown command 'eea2'/);
  });

  test('option errors are reported at once, without first waiting for input on stdin', async () => {
    const cases = [
      ['sm3', '--hmac-key', 'q'],
      ['sm4', '--encrypt', '--mode', 'cbc', '--key', KEY, '--iv', 'xyz'],
      ['sm4', '--decrypt', '--mode', 'gcm', '--key', KEY, '--iv', IV, '--tag-length', '99'],
      ['sm4', '--encrypt', '--mode', 'xts', '--key', KEY + KEY, '--iv', IV, '--xts-standard', 'gb'],
      ['zuc', 'eia3', '--key', KEY, '--count', '0', '--bearer', '99', '--direction', '0'],
    ];
    const results = await Promise.all(cases.map((args) => mimaWithIdleStdin(args)));
    for (const [i, r] of results.entries()) {
      assert.equal(r.status, 2, `${cases[i]!.join(' ')}: ${r.status === null ? 'still waiting for stdin' : r.stderr}`);
      assert.match(r.stderr, /^mima: --\S+: /);
    }
  });

  test('an unknown engine backend in MIMA_ENGINE is bad input too, not an internal error', () => {
    fails(mima(['sm3'], { input: 'abc', env: { MIMA_ENGINE: 'gpu' } }), /MIMA_ENGINE: unknown backend "gpu"/);
  });
});

describe('usage', () => {
  test('no command: the help goes to stderr and the exit is 2 (usage error)', () => {
    const r = mima([]);
    assert.equal(r.status, 2);
    assert.equal(r.out, '');
    assert.match(r.stderr, /^Usage: mima \[options\] \[command\]/);
    assert.match(r.stderr, /\n  sm2 /);
    assert.doesNotMatch(r.stderr, /outputHelp|^\s+at /m);
  });

  test('--help and help <command> print to stdout and exit 0', () => {
    assert.match(ok(mima(['--help'])).out, /^Usage: mima \[options\] \[command\]/);
    assert.match(ok(mima(['sm4', '--help'])).out, /--no-padding/);
    assert.match(ok(mima(['help', 'sm2'])).out, /keygen/);
  });

  test('--version prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(ok(mima(['--version'])).out, `${version}\n`);
  });
});
