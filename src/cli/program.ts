/**
 * The `mima` program: commands, and the one place failures become a line on stderr and an
 * exit code (see errors.ts). No stack traces reach the user.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { engine } from '../engine/index.js';
import { CliError, describeFailure, EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import { registerCommands } from './commands/index.js';

/**
 * Commander's own error messages are re-reported by `run` as one "mima: ..." line; help text
 * (also the help shown when a command is missing) is still written.
 */
function quiet(cmd: Command): void {
  cmd.exitOverride().configureOutput({ outputError: () => {} });
  for (const sub of cmd.commands) quiet(sub);
}

/**
 * The version in Mima's own package.json, the nearest one above this file (dist/src/cli/ in a
 * package, or a developer's build directory). Not npm_package_version: under `npm run` that is
 * the version of whichever package runs the script.
 */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'mima' && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}

/** MIMA_ENGINE is the user's setting: an unknown backend is bad input, not an internal error. */
function checkEngine(): void {
  try {
    engine();
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(e.message);
    throw e;
  }
}

export function buildProgram(): Command {
  const program = new Command('mima')
    .description('Mima commercial cryptography: SM2, SM3, SM4, ZUC, random numbers')
    .version(packageVersion())
    .hook('preAction', checkEngine);
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
      if (e.code === 'commander.help') return EXIT_BAD_INPUT; // no command given: help is on stderr
      // One line, with commander's "(Did you mean ...?)" hint kept on it.
      process.stderr.write(`mima: ${e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`);
      return EXIT_BAD_INPUT;
    }
    const { message, exitCode } = describeFailure(e);
    if (message !== '') process.stderr.write(`mima: ${message}\n`);
    return exitCode;
  } finally {
    process.exitCode = before;
  }
}
