/**
 * `mima device init|unlock|status|selftest|zeroize`: M-of-N share files and printed words, the
 * dev seal and its warning, the one-line failure contract, and credentials from the environment.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readShareInfo } from '../../src/device/index.js';
import { scratch } from '../interop/openssl.js';
import { fails, mima, ok } from './mima.js';
import { ENV, failsWarned, makeDevice, okWarned, WARNING_LINE, type DeviceFixture } from './device-fixture.js';

describe('mima device init with administrator shares (3 of 5)', () => {
  let dev: DeviceFixture;
  let initOut: string;
  before(() => {
    dev = makeDevice({ shares: 5, threshold: 3 }, ['--words']);
    initOut = ok(dev.run(['device', 'status', '--data', dev.data])).out;
  });
  after(() => dev.cleanup());

  test('writes share-1..share-5, mode 0600, each naming in clear the device, its number, the threshold and the count', () => {
    dev.shares.forEach((f, i) => {
      assert.equal(statSync(f).mode & 0o777, 0o600, f);
      const info = readShareInfo(readFileSync(f, 'utf8'));
      assert.deepEqual([info.purpose, info.serial, info.number, info.threshold, info.count], ['master-key', dev.serial, i + 1, 3, 5]);
    });
  });

  test('status: locked, 3 of 5 shares, self-test passed, no keys', () => {
    assert.match(initOut, /^state: locked\n/);
    assert.match(initOut, new RegExp(`serial: ${dev.serial}\n`));
    assert.match(initOut, /seal: administrator shares, any 3 of 5\n/);
    assert.match(initOut, /key pairs: 0; KEKs: 0\n/);
    assert.match(initOut, /self-test: passed, \d+ tests/);
  });

  test('status --json reports the same without secrets', () => {
    const s = JSON.parse(ok(dev.run(['device', 'status', '--data', dev.data, '--json'])).out) as Record<string, unknown>;
    assert.deepEqual([s.state, s.serial, s.sealKind, s.threshold, s.shareCount], ['locked', dev.serial, 'shares', 3, 5]);
    assert.deepEqual(Object.keys(s).sort(), ['config', 'engine', 'keks', 'keyPairs', 'reason', 'sealKind', 'selfTest', 'serial', 'shareCount', 'state', 'threshold']);
  });

  test('unlock with 3 share files: exit 0, "the shares are good"', () => {
    const r = ok(dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs(3)]));
    assert.match(r.out, new RegExp(`unlocked device ${dev.serial} with 3 shares \\(threshold 3\\): the shares are good`));
  });

  test('any 3 of the 5 unlock (shares 5, 2, 4)', () => {
    ok(dev.run(['device', 'unlock', '--data', dev.data, '--share', dev.shares[4]!, '--share', dev.shares[1]!, '--share', dev.shares[3]!]));
  });

  test('unlock with too few shares is refused: exit 2, one line', () => {
    fails(dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs(2)]), /3 shares needed, 2 given \(SDR_INARGERR\)/);
    fails(dev.run(['device', 'unlock', '--data', dev.data]), /give the administrators' shares with --share FILE/);
  });

  test('the same share twice does not count twice', () => {
    const s = dev.shares;
    fails(dev.run(['device', 'unlock', '--data', dev.data, '--share', s[0]!, '--share', s[1]!, '--share', s[0]!]), /share 1 given twice/);
  });

  test('a wrong passphrase is refused naming the share, not the passphrase', () => {
    const r = dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs(3)], { env: { MIMA_SHARE_PASSPHRASE_2: 'not-the-passphrase' } });
    fails(r, /share 2\): wrong passphrase, or the file was edited or damaged \(SDR_MIMA_AUTH\)/);
    assert.doesNotMatch(r.stderr, /not-the-passphrase|share-passphrase-2/);
  });

  test('a missing passphrase variable names the variable to set', () => {
    fails(dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs(3)], { env: { MIMA_SHARE_PASSPHRASE_3: '' } }),
      /share 3\): environment variable MIMA_SHARE_PASSPHRASE_3 is not set \(or pass --share-passphrase-env VAR\)/);
  });

  test('--share-passphrase-env once per share file, in order', () => {
    const env = { P_A: 'share-passphrase-3', P_B: 'share-passphrase-1', P_C: 'share-passphrase-2', MIMA_SHARE_PASSPHRASE_1: '', MIMA_SHARE_PASSPHRASE_2: '', MIMA_SHARE_PASSPHRASE_3: '' };
    const s = dev.shares;
    ok(dev.run(['device', 'unlock', '--data', dev.data, '--share', s[2]!, '--share', s[0]!, '--share', s[1]!,
      '--share-passphrase-env', 'P_A', '--share-passphrase-env', 'P_B', '--share-passphrase-env', 'P_C'], { env }));
    fails(dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs(3), '--share-passphrase-env', 'P_A', '--share-passphrase-env', 'P_B'], { env }),
      /--share-passphrase-env: given 2 times for 3 share files/);
  });

  test('an edited share header (the share number) makes the file fail to open', () => {
    const edited = dev.dir.file('edited-share', readFileSync(dev.shares[0]!, 'utf8').replace('Threshold: 3', 'Threshold: 2'));
    fails(dev.run(['device', 'unlock', '--data', dev.data, '--share', edited, '--share', dev.shares[1]!, '--share', dev.shares[2]!]),
      /share 1\): wrong passphrase, or the file was edited or damaged/);
  });

  test('a share of another device is refused by serial before any passphrase is tried', () => {
    const other = makeDevice({ shares: 2, threshold: 2 });
    try {
      const r = dev.run(['device', 'unlock', '--data', dev.data, '--share', other.shares[0]!, '--share', dev.shares[1]!, '--share', dev.shares[2]!]);
      fails(r, new RegExp(`a share of device ${other.serial}, not of this device \\(${dev.serial}\\)`));
    } finally {
      other.cleanup();
    }
  });

  test('init again on an initialised device is refused and changes nothing', () => {
    const before = readFileSync(dev.shares[0]!, 'utf8');
    fails(dev.run(['device', 'init', '--data', dev.data, '--shares', '2', '--threshold', '2', '--out-shares', dev.dir.file('again')]),
      /already initialised \(zeroize it first\) \(SDR_NOTSUPPORT\)/);
    ok(dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs(3)]));
    assert.equal(readFileSync(dev.shares[0]!, 'utf8'), before);
  });
});

describe('printed words', () => {
  let dev: DeviceFixture;
  let words: string[];
  before(() => {
    const dir = scratch();
    const data = dir.file('data');
    const r = ok(mima(['device', 'init', '--data', data, '--shares', '3', '--threshold', '2', '--words'], { env: ENV }));
    const blocks = r.out.split(/\n(?=# Mima administrator share)/).filter((b) => b.startsWith('# Mima'));
    words = blocks.map((b, i) => dir.file(`words-${i + 1}.txt`, b.split(/\n\n/)[0]! + '\n'));
    dev = { dir, data, shares: [], run: (a, o = {}) => mima(a, { ...o, env: { ...ENV, ...o.env } }), shareArgs: () => [], serial: '', cleanup: () => dir.cleanup() };
  });
  after(() => dev.cleanup());

  test('--words alone (no --out-shares, no passphrases) prints one block of 26 numbered words per share', () => {
    assert.equal(words.length, 3);
    for (const [i, f] of words.entries()) {
      const text = readFileSync(f, 'utf8');
      assert.match(text, new RegExp(`master-key share ${i + 1} of 3 \\(any 2 reconstruct it\\)`));
      assert.match(text, / 26\. [a-z]+\n/);
      assert.doesNotMatch(text, / 27\. /);
    }
  });

  test('two word files unlock the device; "-" reads one from stdin', () => {
    ok(dev.run(['device', 'unlock', '--data', dev.data, '--share', words[0]!, '--share', words[2]!]));
    ok(dev.run(['device', 'unlock', '--data', dev.data, '--share', words[1]!, '--share', '-'], { input: readFileSync(words[0]!) }));
  });

  test('well-formed words of another device do not reconstruct this device\'s master key', () => {
    const other = scratch();
    try {
      const r = ok(mima(['device', 'init', '--data', other.file('data'), '--shares', '2', '--threshold', '2', '--words'], { env: ENV }));
      const blocks = r.out.split(/\n(?=# Mima administrator share)/).filter((b) => b.startsWith('# Mima'));
      assert.match(blocks[1]!, /master-key share 2 of 2/);
      const foreign = other.file('foreign.txt', blocks[1]!.split(/\n\n/)[0]! + '\n');
      fails(dev.run(['device', 'unlock', '--data', dev.data, '--share', words[0]!, '--share', foreign]),
        /the shares do not reconstruct this device's master key \(SDR_MIMA_AUTH\)/);
    } finally {
      other.cleanup();
    }
  });

  test('a mistyped word is caught by the checksum', () => {
    const text = readFileSync(words[0]!, 'utf8');
    const m = / 3\. ([a-z]+)/.exec(text)!;
    const typo = dev.dir.file('typo.txt', text.replace(m[0], ` 3. ${m[1] === 'zoo' ? 'zone' : 'zoo'}`));
    fails(dev.run(['device', 'unlock', '--data', dev.data, '--share', typo, '--share', words[1]!]), /neither a share file nor share words .*(checksum mismatch|not in the word list)/);
  });
});

describe('init refuses bad input before touching the data directory', () => {
  const dir = scratch();
  const data = dir.file('data');
  after(() => dir.cleanup());
  const init = (args: string[], env: Record<string, string> = {}) => mima(['device', 'init', '--data', data, ...args], { env: { ...ENV, ...env } });
  const cases: [string, string[], RegExp, Record<string, string>?][] = [
    ['neither a seal', [], /give either --shares N --threshold M, or --dev-seal/],
    ['both seals', ['--dev-seal', '--shares', '3', '--threshold', '2', '--words'], /give either/],
    ['threshold above the count', ['--shares', '3', '--threshold', '4', '--words'], /--threshold: expected an integer from 1 to 3, got "4"/],
    ['shares without threshold', ['--shares', '3', '--words'], /--shares and --threshold go together/],
    ['no destination for shares', ['--shares', '3', '--threshold', '2'], /--out-shares DIR and\/or --words/],
    ['a missing share passphrase', ['--shares', '3', '--threshold', '2', '--out-shares', dir.file('s1')], /share 3 passphrase: environment variable MIMA_SHARE_PASSPHRASE_3 is not set/, { MIMA_SHARE_PASSPHRASE_3: '' }],
    ['a short share passphrase', ['--shares', '2', '--threshold', '2', '--out-shares', dir.file('s2')], /MIMA_SHARE_PASSPHRASE_2: a share passphrase must be at least 8 characters/, { MIMA_SHARE_PASSPHRASE_2: 'short' }],
    ['a short role password', ['--dev-seal'], /MIMA_OPERATOR_PASSWORD: the operator password must be at least 8 characters/, { MIMA_OPERATOR_PASSWORD: 'short' }],
    ['--words with a dev seal', ['--dev-seal', '--words'], /go with --shares, not --dev-seal/],
    ['a zero key index range', ['--dev-seal', '--max-key-index', '0'], /--max-key-index: expected an integer from 1 to 1000000/],
    ['a bad variable name', ['--shares', '2', '--threshold', '2', '--out-shares', dir.file('s3'), '--share-passphrase-env', 'NOT-A-NAME'], /"NOT-A-NAME" is not an environment variable name/],
    ['an unknown option', ['--dev-seal', '--colour'], /unknown option '--colour'/],
  ];
  for (const [name, args, problem, env] of cases) {
    test(`${name}: exit 2, one line, no device created`, () => {
      fails(init(args, env), problem);
      assert.equal(existsSync(`${data}/mima.db`), false);
    });
  }

  test('existing share files are never overwritten', () => {
    const out = dir.file('existing');
    mima(['device', 'init', '--data', dir.file('d0'), '--shares', '2', '--threshold', '2', '--out-shares', out], { env: ENV });
    const before = readFileSync(`${out}/share-1`, 'utf8');
    fails(init(['--shares', '2', '--threshold', '2', '--out-shares', out]), /share-1: already exists \(move old shares away first\)/);
    assert.equal(readFileSync(`${out}/share-1`, 'utf8'), before);
  });

  test('every command on a directory without a device says how to make one, and creates nothing', () => {
    const none = dir.file('nothing');
    const commands = [
      ['device', 'status'], ['device', 'selftest'], ['device', 'unlock', '--share', 'x'], ['device', 'zeroize', '--yes'],
      ['device', 'sign', '--index', '1'], ['key', 'gen', '--index', '1', '--type', 'sm2'], ['key', 'list'],
      ['key', 'export-pub', '--index', '1', '--usage', 'sign'], ['key', 'passwd', '--index', '1'], ['key', 'destroy', '--index', '1'],
    ];
    for (const c of commands) fails(mima([...c, '--data', none], { env: ENV }), /no device here \(create one with: mima device init --data /);
    assert.equal(existsSync(none), false);
  });
});

describe('generated role passwords', () => {
  const dir = scratch();
  after(() => dir.cleanup());

  test('an unset password variable gets a generated password, printed once, that logs in', () => {
    const data = dir.file('data');
    const r = ok(mima(['device', 'init', '--data', data, '--shares', '2', '--threshold', '2', '--out-shares', dir.file('s')], { env: { ...ENV, MIMA_SO_PASSWORD: '' } }));
    const m = /generated password for so \(security officer\), shown once: ([a-z2-7]{4}(?:-[a-z2-7]{4}){4}) {2}\(export MIMA_SO_PASSWORD=\.\.\. for later commands\)/.exec(r.out);
    assert.ok(m, r.out);
    assert.doesNotMatch(r.out, /generated password for operator/);
    const shares = ['--share', dir.file('s/share-1'), '--share', dir.file('s/share-2')];
    ok(mima(['key', 'gen', '--data', data, '--index', '1', '--type', 'kek', ...shares], { env: { ...ENV, MIMA_SO_PASSWORD: m[1]! } }));
    fails(mima(['key', 'gen', '--data', data, '--index', '2', '--type', 'kek', ...shares], { env: ENV }), /wrong account name or password \(SDR_MIMA_AUTH\)/);
  });

  test('account names come from MIMA_*_USER at init and later', () => {
    const data = dir.file('named');
    const env = { ...ENV, MIMA_SO_USER: 'alice', MIMA_OPERATOR_USER: 'bob' };
    const r = okWarned(mima(['device', 'init', '--data', data, '--dev-seal'], { env }));
    assert.match(r.out, /accounts: alice \(security officer\), bob \(operator\), auditor \(auditor\)/);
    okWarned(mima(['key', 'gen', '--data', data, '--index', '1', '--type', 'kek'], { env }));
    failsWarned(mima(['key', 'gen', '--data', data, '--index', '2', '--type', 'kek'], { env: ENV }), /wrong account name or password/);
  });
});

describe('dev seal', () => {
  let dev: DeviceFixture;
  before(() => {
    dev = makeDevice('dev');
  });
  after(() => dev.cleanup());

  test('init and every later command print the warning on stderr; the device unlocks itself', () => {
    const r = okWarned(dev.run(['device', 'status', '--data', dev.data]));
    assert.match(r.out, /^state: operational\n/);
    assert.match(r.out, /seal: DEV SEAL/);
    okWarned(dev.run(['key', 'list', '--data', dev.data]));
    assert.match(WARNING_LINE, /DEV SEAL/);
  });

  test('keys are usable without shares', () => {
    okWarned(dev.run(['key', 'gen', '--data', dev.data, '--index', '1', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD']));
    const sig = okWarned(dev.run(['device', 'sign', '--data', dev.data, '--index', '1'], { input: 'dev' })).stdout;
    assert.equal(sig[0], 0x30);
  });

  test('--share on a dev-sealed device is refused', () => {
    failsWarned(dev.run(['device', 'unlock', '--data', dev.data, '--share', dev.dir.file('x')]), /dev-sealed/);
  });

  test('a different MIMA_DEV_SEAL_PASSPHRASE does not open the device', () => {
    // The device does not open, so there is no warning: the error line alone.
    fails(dev.run(['device', 'status', '--data', dev.data], { env: { MIMA_DEV_SEAL_PASSPHRASE: 'something else' } }), /mima dev seal: wrong passphrase/);
  });

  test('a passphrase chosen at init is needed at every open', () => {
    const other = scratch();
    try {
      const data = other.file('data');
      const env = { MIMA_DEV_SEAL_PASSPHRASE: 'my-own-dev-passphrase' };
      okWarned(mima(['device', 'init', '--data', data, '--dev-seal'], { env: { ...ENV, ...env } }));
      assert.match(okWarned(mima(['device', 'status', '--data', data], { env: { ...ENV, ...env } })).out, /state: operational/);
      fails(mima(['device', 'status', '--data', data], { env: ENV }), /wrong passphrase/);
    } finally {
      other.cleanup();
    }
  });
});

describe('selftest and zeroize', () => {
  let dev: DeviceFixture;
  before(() => {
    dev = makeDevice({ shares: 3, threshold: 2 });
    ok(dev.run(['key', 'gen', '--data', dev.data, '--index', '1', '--type', 'sm2', ...dev.shareArgs()]));
  });
  after(() => dev.cleanup());

  test('selftest: one PASS line per known-answer test and a summary, exit 0', () => {
    const r = ok(dev.run(['device', 'selftest', '--data', dev.data]));
    assert.match(r.out, /^PASS SM3 KAT/m);
    assert.match(r.out, /^PASS SM2 KAT/m);
    assert.match(r.out, /^PASS SM2 verify KAT \(GM\/T 0003.5 A\) \[ts engine\]/m, 'known answers on every engine backend');
    assert.match(r.out, /^PASS GM\/T 0005 randomness of the device generator/m);
    const m = /^PASS: (\d+)\/(\d+) self-tests passed\n$/m.exec(r.out);
    assert.ok(m && m[1] === m[2], r.out);
  });

  test('zeroize needs --yes and the security officer', () => {
    fails(dev.run(['device', 'zeroize', '--data', dev.data, ...dev.shareArgs()]), /add --yes to go ahead/);
    fails(dev.run(['device', 'zeroize', '--data', dev.data, '--yes', '--user', 'operator', '--password-env', 'MIMA_OPERATOR_PASSWORD']),
      /account operator is an operator, not a security officer/);
    fails(dev.run(['device', 'zeroize', '--data', dev.data, '--yes', ...dev.shareArgs(), '--user', 'operator', '--password-env', 'MIMA_OPERATOR_PASSWORD']),
      /account operator is an operator, not a security officer/);
    assert.match(ok(dev.run(['device', 'status', '--data', dev.data])).out, /key pairs: 2/);
  });

  test('zeroize: status says zeroized, keys and shares are gone, and the device can be initialised again', () => {
    // No shares: destroying keys needs none (a device whose shares are lost can still be zeroized).
    const r = ok(dev.run(['device', 'zeroize', '--data', dev.data, '--yes']));
    assert.match(r.out, new RegExp(`device ${dev.serial} zeroized`));
    const s = ok(dev.run(['device', 'status', '--data', dev.data])).out;
    assert.match(s, /^state: zeroized \(zeroized by so at /);
    assert.match(s, /key pairs: 0; KEKs: 0/);
    fails(dev.run(['device', 'unlock', '--data', dev.data, ...dev.shareArgs()]), /zeroized; initialise it again/);
    fails(dev.run(['key', 'list', '--data', dev.data]), /zeroized/);
    const again = ok(dev.run(['device', 'init', '--data', dev.data, '--shares', '2', '--threshold', '2', '--out-shares', dev.dir.file('new-shares')]));
    assert.match(again.out, /initialised/);
  });
});
