/**
 * `mima zuc eea3|eia3 --key HEX --count N --bearer N --direction 0|1 [--length BITS] [--in FILE]`
 * 128-EEA3 writes the ciphertext (binary) to stdout or --out; 128-EIA3 prints the 32-bit MAC
 * as hex. --length gives the message length in bits (default: all bits of the input).
 */
import type { Command } from 'commander';
import { toHex } from '../../algorithms/internal/bytes.js';
import { engine } from '../../engine/index.js';
import { hexOption, intOption } from '../args.js';
import { readInput, say, writeOutput } from '../io.js';

interface ZucFlags {
  key: string;
  count: string;
  bearer: string;
  direction: string;
  length?: string;
  in?: string;
  out?: string;
}

/** The options, checked before the input is read (so a typo does not wait on stdin), then the input. */
function parse(flags: ZucFlags) {
  const key = hexOption('--key', flags.key, [16]);
  const count = intOption('--count', flags.count, 0, 0xffffffff);
  const bearer = intOption('--bearer', flags.bearer, 0, 31);
  const direction = intOption('--direction', flags.direction, 0, 1) as 0 | 1;
  const data = readInput(flags.in);
  const lengthBits = flags.length === undefined ? data.length * 8 : intOption('--length', flags.length, 0, data.length * 8);
  return { key, count, bearer, direction, data, lengthBits };
}

function withCommonOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--key <hex>', '16-byte key')
    .requiredOption('--count <n>', 'COUNT, 32-bit (decimal or 0x hex)')
    .requiredOption('--bearer <n>', 'BEARER, 0..31')
    .requiredOption('--direction <d>', 'DIRECTION, 0 or 1')
    .option('--length <bits>', 'message length in bits (default: whole input)')
    .option('--in <file>', 'input (default stdin)');
}

export function registerZuc(program: Command): void {
  const cmd = program.command('zuc').description('ZUC-128 confidentiality (128-EEA3) and integrity (128-EIA3), GM/T 0001');
  withCommonOptions(cmd.command('eea3').description('encrypt or decrypt (the same operation)'))
    .option('--out <file>', 'output (default stdout)')
    .action((flags: ZucFlags) => {
      const a = parse(flags);
      writeOutput(flags.out, engine().sm.zuc.eea3(a.key, a.count, a.bearer, a.direction, a.data, a.lengthBits));
    });
  withCommonOptions(cmd.command('eia3').description('32-bit MAC, printed as hex')).action((flags: ZucFlags) => {
    const a = parse(flags);
    say(toHex(engine().sm.zuc.eia3(a.key, a.count, a.bearer, a.direction, a.data, a.lengthBits)));
  });
}
