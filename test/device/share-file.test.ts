/**
 * Administrator share files (passphrase-sealed, header in clear and bound) and the printable
 * words form (BIP-0039 English list, length byte, SM3 checksum), see src/device/seal/share-file.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { osRandom } from '../../src/algorithms/internal/random.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { combineShares, splitSecret } from '../../src/device/seal/shamir.js';
import {
  decodeShareFile,
  encodeShareFile,
  formatShareWords,
  isShareFile,
  readShareInfo,
  shareFromWords,
  shareToWords,
  type ShareInfo,
} from '../../src/device/seal/share-file.js';
import { wordList } from '../../src/device/seal/wordlist.js';

const u = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Low work factor: these tests are about the format, not the KDF's cost. */
const ITER = 1000;

function info(number: number, over: Partial<ShareInfo> = {}): ShareInfo {
  return { purpose: 'master-key', serial: '20260101MIMA1B2C', number, threshold: 3, count: 5, reference: '-', createdAt: '2026-01-01T10:00:00.000Z', ...over };
}

function throwsCode(fn: () => unknown, code: string, msg?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e), `a CryptoError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (msg) assert.match(e.message, msg);
    return true;
  });
}

/** A fixed 33-byte share (x = 2), bytes from SM3 so the test does not depend on our code. */
const FIXED_SHARE = Uint8Array.of(2, ...createHash('sm3').update('mima share-file test').digest());

describe('the word list', () => {
  test('is BIP-0039 English: 2,048 words whose LF-joined file has the published SHA-256', () => {
    const w = wordList();
    assert.equal(w.length, 2048);
    assert.equal(createHash('sha256').update(w.join('\n') + '\n').digest('hex'), '2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda');
  });

  test('no two words share their first four letters, so four letters identify a word', () => {
    assert.equal(new Set(wordList().map((w) => w.slice(0, 4))).size, 2048);
  });
});

describe('share files', () => {
  test('open with the right passphrase, giving back the share and the header fields', () => {
    const text = encodeShareFile(FIXED_SHARE, info(2), u('correct horse'), osRandom, ITER);
    const opened = decodeShareFile(text, u('correct horse'));
    assert.deepEqual(opened.share, FIXED_SHARE);
    assert.deepEqual(opened.info, info(2));
  });

  test('the header is readable without the passphrase, and the share bytes are not in the file', () => {
    const text = encodeShareFile(FIXED_SHARE, info(2), u('pw-2'), osRandom, ITER);
    assert.ok(isShareFile(text));
    assert.match(text, /^-----BEGIN MIMA SHARE-----\nPurpose: master-key\nDevice-Serial: 20260101MIMA1B2C\nShare: 2 of 5\nThreshold: 3\n/);
    assert.deepEqual(readShareInfo(text), info(2));
    const body = Buffer.from(text.split('\n\n')[1]!.split('-----END')[0]!.replace(/\n/g, ''), 'base64');
    assert.equal(body.indexOf(Buffer.from(FIXED_SHARE.subarray(1, 17))), -1, 'share bytes not in the sealed body');
  });

  test('a wrong passphrase is SDR_MIMA_AUTH', () => {
    const text = encodeShareFile(FIXED_SHARE, info(2), u('pw-2'), osRandom, ITER);
    throwsCode(() => decodeShareFile(text, u('pw-3')), 'SDR_MIMA_AUTH', /wrong passphrase/);
  });

  for (const [header, from, to] of [
    ['Share', 'Share: 2 of 5', 'Share: 2 of 6'],
    ['Threshold', 'Threshold: 3', 'Threshold: 2'],
    ['Device-Serial', 'Device-Serial: 20260101MIMA1B2C', 'Device-Serial: 20260101MIMA1B2D'],
    ['Purpose', 'Purpose: master-key', 'Purpose: backup-key'],
    ['Created', 'Created: 2026-01-01T10:00:00.000Z', 'Created: 2026-01-02T10:00:00.000Z'],
  ] as const) {
    test(`an edited ${header} header makes the file fail to open (bound into the seal)`, () => {
      const text = encodeShareFile(FIXED_SHARE, info(2), u('pw-2'), osRandom, ITER);
      assert.ok(text.includes(from));
      throwsCode(() => decodeShareFile(text.replace(from, to), u('pw-2')), 'SDR_MIMA_AUTH');
    });
  }

  test('a flipped base64 character in the body fails to open', () => {
    const text = encodeShareFile(FIXED_SHARE, info(2), u('pw-2'), osRandom, ITER);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l === '') + 2; // second body line: inside the ciphertext
    const l = lines[i]!;
    lines[i] = l.slice(0, 5) + (l[5] === 'A' ? 'B' : 'A') + l.slice(6);
    throwsCode(() => decodeShareFile(lines.join('\n'), u('pw-2')), 'SDR_MIMA_AUTH');
  });

  test('malformed files are SDR_INARGERR naming the problem', () => {
    throwsCode(() => readShareInfo('hello'), 'SDR_INARGERR', /^share file: not PEM/);
    const text = encodeShareFile(FIXED_SHARE, info(2), u('pw'), osRandom, ITER);
    throwsCode(() => readShareInfo(text.replace(/Threshold: 3\n/, '')), 'SDR_INARGERR', /no Threshold header/);
    throwsCode(() => readShareInfo(text.replace('Share: 2 of 5', 'Share: 6 of 5')), 'SDR_INARGERR', /share <= count/);
  });

  test('encoding refuses a share whose number is not the header number, and an empty passphrase', () => {
    throwsCode(() => encodeShareFile(FIXED_SHARE, info(3), u('pw'), osRandom, ITER), 'SDR_INARGERR', /not share number 3/);
    throwsCode(() => encodeShareFile(FIXED_SHARE, info(2), u(''), osRandom, ITER), 'SDR_INARGERR', /empty passphrase/);
  });

  test('3 of 5 share files, each under its own passphrase, reconstruct the secret', () => {
    const secret = osRandom(32);
    const shares = splitSecret(secret, 3, 5, osRandom);
    const files = shares.map((s, i) => encodeShareFile(s, info(i + 1), u(`pw-${i + 1}`), osRandom, ITER));
    const back = [files[4]!, files[0]!, files[2]!].map((f) => decodeShareFile(f, u(`pw-${readShareInfo(f).number}`)).share);
    assert.deepEqual(combineShares(back), secret);
  });
});

describe('share words', () => {
  /** The words computed independently: BigInt bit string, node:crypto SM3. */
  function referenceWords(share: Uint8Array): string[] {
    const data = Buffer.concat([Buffer.of(share.length), share]);
    const sum = createHash('sm3').update(Buffer.concat([Buffer.from('mima/v1/share-words'), data])).digest();
    const dataBits = data.length * 8;
    let c = 11;
    while ((dataBits + c) % 11 !== 0) c++;
    const bits = (BigInt('0x' + data.toString('hex')) << BigInt(c)) | (BigInt('0x' + sum.toString('hex')) >> BigInt(256 - c));
    const n = (dataBits + c) / 11;
    return Array.from({ length: n }, (_, i) => wordList()[Number((bits >> BigInt(11 * (n - 1 - i))) & 2047n)]!);
  }

  test('a 33-byte master-key share is 26 words, equal to an independent computation', () => {
    const words = shareToWords(FIXED_SHARE);
    assert.equal(words.length, 26);
    assert.deepEqual(words, referenceWords(FIXED_SHARE));
  });

  test('round trip for shares of 2 to 80 bytes (property), matching the independent computation', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 80 }), (share) => {
        runs++;
        const words = shareToWords(share);
        assert.deepEqual(words, referenceWords(share));
        assert.deepEqual(shareFromWords(words), share);
      }),
      { numRuns: 200 },
    );
    assert.equal(runs, 200);
  });

  test('the printed form reads back: comment lines, numbering, upper case and four-letter prefixes', () => {
    const printed = formatShareWords(FIXED_SHARE, info(2));
    assert.match(printed, /^# Mima administrator share, printable form\. SECRET/);
    assert.match(printed, /master-key share 2 of 5 \(any 3 reconstruct it\), device 20260101MIMA1B2C/);
    assert.deepEqual(shareFromWords(printed), FIXED_SHARE);
    const short = shareToWords(FIXED_SHARE).map((w) => w.slice(0, 4).toUpperCase()).join('  ');
    assert.deepEqual(shareFromWords(short), FIXED_SHARE);
  });

  test('every single-word substitution and every swap of neighbouring words of the fixed share is refused', () => {
    const words = shareToWords(FIXED_SHARE);
    let checked = 0;
    for (let i = 0; i < words.length; i++) {
      const sub = [...words];
      sub[i] = wordList()[(wordList().indexOf(words[i]!) + 1) % 2048]!;
      throwsCode(() => shareFromWords(sub), 'SDR_INARGERR');
      checked++;
      if (i + 1 < words.length && words[i] !== words[i + 1]) {
        const sw = [...words];
        [sw[i], sw[i + 1]] = [sw[i + 1]!, sw[i]!];
        throwsCode(() => shareFromWords(sw), 'SDR_INARGERR');
        checked++;
      }
    }
    assert.ok(checked >= 26 + 20, `checked ${checked}`);
  });

  test('unknown words, a missing word and an extra word are refused with a message', () => {
    const words = shareToWords(FIXED_SHARE);
    throwsCode(() => shareFromWords([...words.slice(0, 3), 'zzzz', ...words.slice(4)]), 'SDR_INARGERR', /word 4 \("zzzz"\) is not in the word list/);
    throwsCode(() => shareFromWords(words.slice(1)), 'SDR_INARGERR');
    throwsCode(() => shareFromWords([...words, 'abandon']), 'SDR_INARGERR');
    throwsCode(() => shareFromWords('abandon'), 'SDR_INARGERR', /too few/);
  });
});
