/** `mima sm3 [--hmac-key HEX] [FILE]`: SM3 digest (GM/T 0004) or HMAC-SM3 as one hex line. */
import type { Command } from 'commander';
import { toHex } from '../../algorithms/internal/bytes.js';
import { engine } from '../../engine/index.js';
import { hexOption } from '../args.js';
import { readInput, say } from '../io.js';

export function registerSm3(program: Command): void {
  program
    .command('sm3')
    .description('SM3 digest, or HMAC-SM3 with --hmac-key, of FILE or stdin')
    .argument('[file]', 'input file (default stdin)')
    .option('--hmac-key <hex>', 'compute HMAC-SM3 under this key')
    .action((file: string | undefined, flags: { hmacKey?: string }) => {
      const key = flags.hmacKey === undefined ? undefined : hexOption('--hmac-key', flags.hmacKey);
      const data = readInput(file);
      const sm3 = engine().sm.sm3;
      const out = key === undefined ? sm3.digest(data) : sm3.hmac(key, data);
      say(toHex(out));
    });
}
