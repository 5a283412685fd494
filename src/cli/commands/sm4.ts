/**
 * `mima sm4 --encrypt|--decrypt --mode M --key HEX [--iv HEX] [--aad HEX] [--no-padding]
 *            [--tag-length N] [--xts-standard GB|IEEE] [--in FILE] [--out FILE]`
 *
 * GCM/CCM: --iv is the nonce, the 16-byte tag (or --tag-length) is appended on encryption and
 * expected at the end on decryption. ECB/CBC pad with PKCS#7 unless --no-padding. XTS takes a
 * 32-byte key (Key1‖Key2) and the 16-byte tweak as --iv.
 */
import type { Command } from 'commander';
import { engine } from '../../engine/index.js';
import type { Sm4AeadMode, Sm4Mode } from '../../engine/types.js';
import { choiceOption, hexOption, intOption } from '../args.js';
import { CliError } from '../errors.js';
import { readInput, writeOutput } from '../io.js';

const MODES = ['ecb', 'cbc', 'cfb', 'ofb', 'ctr', 'gcm', 'ccm', 'xts'] as const;

interface Sm4Flags {
  encrypt?: boolean;
  decrypt?: boolean;
  mode: string;
  key: string;
  iv?: string;
  aad?: string;
  padding: boolean;
  tagLength?: string;
  xtsStandard?: string;
  in?: string;
  out?: string;
}

/** Every option is checked before the input is read, so a typo is reported without waiting on stdin. */
function runSm4(f: Sm4Flags): void {
  if (f.encrypt === f.decrypt) throw new CliError('sm4: give exactly one of --encrypt and --decrypt');
  const decrypt = f.decrypt === true;
  const mode = choiceOption('--mode', f.mode, MODES);
  const key = hexOption('--key', f.key, mode === 'xts' ? [32] : [16]);
  const sm4 = engine().sm.sm4;

  if (mode === 'gcm' || mode === 'ccm') {
    if (f.iv === undefined) throw new CliError(`sm4: --iv (the nonce) is required for ${mode}`);
    const nonce = hexOption('--iv', f.iv);
    const aad = f.aad === undefined ? undefined : hexOption('--aad', f.aad);
    const tagLength = f.tagLength === undefined ? undefined : intOption('--tag-length', f.tagLength, 4, 16);
    const req = { mode: mode as Sm4AeadMode, key, nonce, data: readInput(f.in), aad, tagLength };
    writeOutput(f.out, decrypt ? sm4.open(req) : sm4.seal(req));
    return;
  }
  if (f.aad !== undefined) throw new CliError(`sm4: --aad applies to gcm and ccm only`);
  if (mode !== 'ecb' && f.iv === undefined) throw new CliError(`sm4: --iv is required for ${mode}`);
  if (mode === 'ecb' && f.iv !== undefined) throw new CliError('sm4: ecb takes no --iv');
  const padded = mode === 'ecb' || mode === 'cbc';
  const iv = f.iv === undefined ? undefined : hexOption('--iv', f.iv, [16]);
  const xtsStandard = f.xtsStandard === undefined ? undefined : choiceOption('--xts-standard', f.xtsStandard, ['GB', 'IEEE'] as const);
  const req = {
    mode: mode as Sm4Mode,
    key,
    iv,
    data: readInput(f.in),
    padding: padded && f.padding ? ('pkcs7' as const) : ('none' as const),
    xtsStandard,
  };
  writeOutput(f.out, decrypt ? sm4.decrypt(req) : sm4.encrypt(req));
}

export function registerSm4(program: Command): void {
  program
    .command('sm4')
    .description('SM4 encryption and decryption (GM/T 0002) in every mode')
    .option('--encrypt', 'encrypt the input')
    .option('--decrypt', 'decrypt the input')
    .requiredOption('--mode <mode>', MODES.join('|'))
    .requiredOption('--key <hex>', '16-byte key (32 bytes for xts)')
    .option('--iv <hex>', 'IV, counter block, nonce (gcm/ccm) or tweak (xts)')
    .option('--aad <hex>', 'associated data (gcm/ccm)')
    .option('--no-padding', 'ecb/cbc: no PKCS#7 padding (input must be whole 16-byte blocks)')
    .option('--tag-length <n>', 'gcm/ccm tag length in bytes (default 16)')
    .option('--xts-standard <std>', 'xts: GB (GB/T 17964-2021, default) or IEEE (1619)')
    .option('--in <file>', 'input file (default stdin)')
    .option('--out <file>', 'output file (default stdout)')
    .action((flags: Sm4Flags) => runSm4(flags));
}
