/**
 * `mima tour [--dir DIR]`: five minutes with Mima. Runs the power-up self-tests, then real
 * `mima` commands on files in DIR (default ./mima-tour), printing each command line first so
 * it can be re-run or changed by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Command } from 'commander';
import { selfTest as sm2SelfTest } from '../../algorithms/sm2/index.js';
import { selfTest as sm3SelfTest } from '../../algorithms/sm3/index.js';
import { selfTest as sm4SelfTest } from '../../algorithms/sm4/index.js';
import { selfTest as zucSelfTest } from '../../algorithms/zuc/index.js';
import { selfTest as drbgSelfTest } from '../../algorithms/random/index.js';
import { CliError } from '../errors.js';
import { say } from '../io.js';

const SELF_TESTS: readonly [string, () => void][] = [
  ['SM3 known answer (GM/T 0004 A.1)', sm3SelfTest],
  ['SM4 known answer (GM/T 0002 A.1)', sm4SelfTest],
  ['SM2 sign/verify/encrypt/decrypt known answers (GM/T 0003.5)', sm2SelfTest],
  ['ZUC-128 known answers (GM/T 0001)', zucSelfTest],
  ['SM3 Hash_DRBG and SM4 CTR_DRBG known answers (GM/T 0105)', drbgSelfTest],
];

async function tour(flags: { dir: string }): Promise<void> {
  const { run } = await import('../program.js'); // the real command line, in process
  const dir = flags.dir;
  mkdirSync(dir, { recursive: true });
  // Paths as the user would type them: relative below the working directory, else absolute.
  const f = (name: string): string => {
    const rel = relative(process.cwd(), join(dir, name));
    return rel.startsWith('..') || isAbsolute(rel) ? join(dir, name) : rel;
  };

  const step = async (title: string, argv: string[], expect: readonly number[] = [0]): Promise<number> => {
    say('');
    say(`# ${title}`);
    say(`$ mima ${argv.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
    const code = await run(argv);
    if (!expect.includes(code)) throw new CliError(`tour: "mima ${argv[0]}" exited ${code}, expected ${expect.join(' or ')}`, 3);
    return code;
  };

  say('Mima tour: power-up self-tests');
  for (const [name, test] of SELF_TESTS) {
    test();
    say(`  ok  ${name}`);
  }
  await step('Which engine does the work', ['engine']);

  writeFileSync(join(dir, 'message.txt'), 'Mima signs this message with SM2.\n');
  await step('SM3 digest of a file', ['sm3', f('message.txt')]);
  await step('HMAC-SM3 under a key', ['sm3', '--hmac-key', '00112233445566778899aabbccddeeff', f('message.txt')]);

  await step('An SM2 key pair, as OpenSSL writes it (PKCS#8 + SPKI PEM)', ['sm2', 'keygen', '--out', f('key.pem'), '--pubout', f('pub.pem')]);
  await step('Sign (SM3 with Z_A for the default ID 1234567812345678, DER out)', ['sm2', 'sign', '--key', f('key.pem'), '--in', f('message.txt'), '--out', f('message.sig')]);
  await step('Verify it', ['sm2', 'verify', '--pub', f('pub.pem'), '--sig', f('message.sig'), '--in', f('message.txt')]);
  writeFileSync(join(dir, 'tampered.txt'), 'Mima signs this message with SM3.\n');
  await step('A changed message does not verify (exit 1)', ['sm2', 'verify', '--pub', f('pub.pem'), '--sig', f('message.sig'), '--in', f('tampered.txt')], [1]);

  await step('Encrypt to the public key (GM/T 0009 ASN.1)', ['sm2', 'encrypt', '--pub', f('pub.pem'), '--in', f('message.txt'), '--out', f('message.sm2')]);
  await step('Decrypt with the private key', ['sm2', 'decrypt', '--key', f('key.pem'), '--in', f('message.sm2')]);

  const key = '0123456789abcdeffedcba9876543210';
  const nonce = '00001234567800000000abcd';
  await step('SM4-GCM (RFC 8998 parameters; the tag is appended)', ['sm4', '--encrypt', '--mode', 'gcm', '--key', key, '--iv', nonce, '--in', f('message.txt'), '--out', f('message.gcm')]);
  await step('SM4-GCM decrypt', ['sm4', '--decrypt', '--mode', 'gcm', '--key', key, '--iv', nonce, '--in', f('message.gcm')]);

  await step('ZUC 128-EIA3 MAC', ['zuc', 'eia3', '--key', key, '--count', '0x66035492', '--bearer', '15', '--direction', '0', '--in', f('message.txt')]);

  await step('10^6 random bits from the SM3 Hash_DRBG', ['rand', '--bytes', '125000', '--out', f('random.bin')]);
  const verdict = await step('...tested with the 15 GM/T 0005-2021 randomness tests', ['randtest', f('random.bin')], [0, 1]);
  if (verdict !== 0) {
    // Each of the 25 P-values fails with probability alpha = 0.01 even for a perfect generator,
    // so about one good sample in five shows a FAIL line; GM/T 0005 clause 6 judges many samples.
    say('(One sample may fail a test by chance, about 1 time in 5 at alpha 0.01 over 25 P-values;');
    say(' GM/T 0005 judges a generator over many samples, e.g. 1,000 samples with at least 981 passing.)');
  }

  say('');
  say(`Done. The files are in ${dir}/; try the same with OpenSSL:`);
  say(`  openssl pkeyutl -verify -pubin -inkey ${f('pub.pem')} -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in ${f('message.txt')} -sigfile ${f('message.sig')}`);
  say('More: mima --help, mima <command> --help, README.md.');
}

export function registerTour(program: Command): void {
  program
    .command('tour')
    .description('a five-minute tour: self-tests, then real commands on files in DIR')
    .option('--dir <dir>', 'where the tour writes its files', 'mima-tour')
    .action(tour);
}
