/**
 * `mima rand --bytes N [--hex] [--drbg sm3|sm4]`: random bytes from a GM/T 0105 DRBG seeded by
 * the OS (SM3 Hash_DRBG by default).
 * `mima randtest FILE [--bits N]`: the 15 GM/T 0005-2021 randomness tests, one line per test
 * and parameter; exit 0 when all pass, 1 when any fails.
 */
import type { Command } from 'commander';
import { toHex } from '../../algorithms/internal/bytes.js';
import {
  createCtrDrbg,
  createHashDrbg,
  formatReport,
  MIN_RANDOMNESS_BITS,
  runRandomnessTests,
} from '../../algorithms/random/index.js';
import { choiceOption, intOption } from '../args.js';
import { CliError, EXIT_CHECK_FAILED } from '../errors.js';
import { readInput, say, writeOutput } from '../io.js';

const MAX_RAND_BYTES = 1 << 30;

export function registerRandom(program: Command): void {
  program
    .command('rand')
    .description('random bytes from an SM3 Hash_DRBG or SM4 CTR_DRBG (GM/T 0105) seeded by the OS')
    .requiredOption('--bytes <n>', 'how many bytes')
    .option('--hex', 'print hex instead of raw bytes')
    .option('--drbg <kind>', 'sm3 (Hash_DRBG) or sm4 (CTR_DRBG)', 'sm3')
    .option('--out <file>', 'output (default stdout)')
    .action((flags: { bytes: string; hex?: boolean; drbg: string; out?: string }) => {
      const n = intOption('--bytes', flags.bytes, 0, MAX_RAND_BYTES);
      const kind = choiceOption('--drbg', flags.drbg, ['sm3', 'sm4'] as const);
      const drbg = kind === 'sm3' ? createHashDrbg() : createCtrDrbg();
      try {
        const bytes = drbg.generate(n);
        writeOutput(flags.out, flags.hex ? toHex(bytes) + '\n' : bytes);
      } finally {
        drbg.destroy();
      }
    });

  program
    .command('randtest')
    .description('GM/T 0005-2021 randomness tests on FILE (at least 20,000 bits; 10^6 bits is the standard sample)')
    .argument('[file]', 'sample file (default stdin)')
    .option('--bits <n>', 'test only the first N bits')
    .action((file: string | undefined, flags: { bits?: string }) => {
      const data = readInput(file);
      const available = data.length * 8;
      if (available < MIN_RANDOMNESS_BITS) {
        throw new CliError(`randtest: sample has ${available} bits; at least ${MIN_RANDOMNESS_BITS} are needed`);
      }
      const nBits = flags.bits === undefined ? undefined : intOption('--bits', flags.bits, MIN_RANDOMNESS_BITS, available);
      const report = runRandomnessTests(data, { nBits });
      for (const line of formatReport(report)) say(line);
      say(`${report.passed ? 'PASS' : 'FAIL'}: ${report.results.filter((r) => r.passed).length}/${report.results.length} passed, ${report.nBits} bits, alpha ${report.alpha}`);
      if (!report.passed) process.exitCode = EXIT_CHECK_FAILED;
    });
}
