/**
 * `mima sm2 keygen|sign|verify|encrypt|decrypt`: SM2 (GM/T 0003) with keys in OpenSSL's PEM
 * forms, DER signatures (GM/T 0009 §7.3) and ciphertexts as GM/T 0009 ASN.1 (default, what
 * OpenSSL reads and writes) or raw C1C3C2 / legacy C1C2C3.
 */
import type { Command } from 'commander';
import { utf8 } from '../../algorithms/internal/bytes.js';
import { ciphertextFromAsn1, ciphertextToAsn1, signatureFromDer, signatureToDer } from '../../formats/index.js';
import { engine } from '../../engine/index.js';
import { choiceOption } from '../args.js';
import { CliError, EXIT_CHECK_FAILED } from '../errors.js';
import { readInput, say, writeOutput } from '../io.js';
import { loadPrivateKey, loadPublicKey, savePrivateKey, savePublicKey } from './keyfiles.js';
import { readFileSync } from 'node:fs';

const FORMATS = ['asn1', 'c1c3c2', 'c1c2c3'] as const;
type Format = (typeof FORMATS)[number];

function idOf(id: string | undefined): Uint8Array | undefined {
  return id === undefined ? undefined : utf8(id);
}

function keygen(flags: { out: string; pubout?: string }): void {
  const [pair] = engine().sm.sm2.generateKeyPairs(1);
  savePrivateKey(flags.out, pair!);
  if (flags.pubout !== undefined) savePublicKey(flags.pubout, pair!.publicKey);
  pair!.privateKey.fill(0);
}

function sign(flags: { key: string; id?: string; in?: string; out?: string }): void {
  const key = loadPrivateKey(flags.key);
  const message = readInput(flags.in);
  const signer = engine().sm.sm2.signingKey(key.privateKey, { id: idOf(flags.id), publicKey: key.publicKey });
  key.privateKey.fill(0);
  try {
    writeOutput(flags.out, signatureToDer(signer.sign(message)));
  } finally {
    signer.release();
  }
}

function verify(flags: { pub: string; sig: string; id?: string; in?: string }): void {
  const publicKey = loadPublicKey(flags.pub);
  const signature = signatureFromDer(readFileSync(flags.sig));
  const message = readInput(flags.in);
  const ok = engine().sm.sm2.verifyingKey(publicKey, { id: idOf(flags.id) }).verify(message, signature);
  say(ok ? 'OK' : 'FAIL');
  if (!ok) process.exitCode = EXIT_CHECK_FAILED;
}

function encrypt(flags: { pub: string; format: string; in?: string; out?: string }): void {
  const format: Format = choiceOption('--format', flags.format, FORMATS);
  const publicKey = loadPublicKey(flags.pub);
  const plaintext = readInput(flags.in);
  if (plaintext.length === 0) throw new CliError('sm2 encrypt: empty input (SM2 encrypts at least one byte)');
  const sm2 = engine().sm.sm2;
  const out =
    format === 'asn1' ? ciphertextToAsn1(sm2.encrypt(publicKey, plaintext, 'c1c3c2'), 'c1c3c2') : sm2.encrypt(publicKey, plaintext, format);
  writeOutput(flags.out, out);
}

function decrypt(flags: { key: string; format: string; in?: string; out?: string }): void {
  const format: Format = choiceOption('--format', flags.format, FORMATS);
  const { privateKey } = loadPrivateKey(flags.key);
  const input = readInput(flags.in);
  const sm2 = engine().sm.sm2;
  try {
    const out =
      format === 'asn1' ? sm2.decrypt(privateKey, ciphertextFromAsn1(input), 'c1c3c2') : sm2.decrypt(privateKey, input, format);
    writeOutput(flags.out, out);
  } finally {
    privateKey.fill(0);
  }
}

export function registerSm2(program: Command): void {
  const cmd = program.command('sm2').description('SM2 keys, signatures and public-key encryption (GM/T 0003)');
  cmd
    .command('keygen')
    .description('generate a key pair: PKCS#8 private key PEM (mode 0600), optional SPKI public key PEM')
    .requiredOption('--out <file>', 'private key file')
    .option('--pubout <file>', 'public key file')
    .action(keygen);
  cmd
    .command('sign')
    .description('sign FILE/stdin: SM3 over Z_A and the message, DER signature out')
    .requiredOption('--key <file>', 'private key (PEM or DER)')
    .option('--id <string>', 'signer ID (default 1234567812345678)')
    .option('--in <file>', 'message (default stdin)')
    .option('--out <file>', 'signature file (default stdout)')
    .action(sign);
  cmd
    .command('verify')
    .description('verify a DER signature: prints OK (exit 0) or FAIL (exit 1)')
    .requiredOption('--pub <file>', 'public key (PEM or DER)')
    .requiredOption('--sig <file>', 'DER signature')
    .option('--id <string>', 'signer ID (default 1234567812345678)')
    .option('--in <file>', 'message (default stdin)')
    .action(verify);
  cmd
    .command('encrypt')
    .description('encrypt to a public key')
    .requiredOption('--pub <file>', 'public key (PEM or DER)')
    .option('--format <f>', FORMATS.join('|'), 'asn1')
    .option('--in <file>', 'plaintext (default stdin)')
    .option('--out <file>', 'ciphertext (default stdout)')
    .action(encrypt);
  cmd
    .command('decrypt')
    .description('decrypt with a private key')
    .requiredOption('--key <file>', 'private key (PEM or DER)')
    .option('--format <f>', FORMATS.join('|'), 'asn1')
    .option('--in <file>', 'ciphertext (default stdin)')
    .option('--out <file>', 'plaintext (default stdout)')
    .action(decrypt);
}
