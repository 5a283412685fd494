/**
 * The `mima` program: commands, and the one place failures become a line on stderr and an
 * exit code (see errors.ts). No stack traces reach the user.
 */
import { Command, CommanderError } from 'commander';
import { describeFailure, EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import { registerCommands } from './commands/index.js';

/** Commander's own messages are re-reported by `run` as one "mima: ..." line. */
function quiet(cmd: Command): void {
  cmd.exitOverride().configureOutput({ writeErr: () => {} });
  for (const sub of cmd.commands) quiet(sub);
}

export function buildProgram(): Command {
  const program = new Command('mima')
    .description('Mima commercial cryptography: SM2, SM3, SM4, ZUC, random numbers')
    .version(process.env.npm_package_version ?? '0.1.0');
  registerCommands(program);
  quiet(program);
  return program;
}

/**
 * Runs one command line (without the program name) and returns its exit code. Commands report
 * a negative result (verification FAIL, randomness test failure) by setting process.exitCode.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT_OK; // --help, --version
      process.stderr.write(`mima: ${e.message.replace(/^error: /, '')}\n`);
      return EXIT_BAD_INPUT;
    }
    const { message, exitCode } = describeFailure(e);
    process.stderr.write(`mima: ${message}\n`);
    return exitCode;
  } finally {
    process.exitCode = before;
  }
}
