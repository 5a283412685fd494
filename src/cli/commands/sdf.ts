/**
 * `mima sdf lib-path|include-path`: where the GM/T 0018 C library (libmimasdf.so, built by
 * `npm install` from native/sdf) and its header are, for integrators' build lines:
 *   cc app.c -I"$(mima sdf include-path)" "$(mima sdf lib-path)"
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { say } from '../io.js';

// dist/src/cli/commands/ → the repository root.
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** The built library's absolute path (whether or not it exists). */
export function sdfLibraryPath(): string {
  return join(root, 'native', 'build', 'sdf', 'libmimasdf.so');
}

/** The directory holding sdf.h. */
export function sdfIncludePath(): string {
  return join(root, 'include');
}

export function registerSdf(program: Command): void {
  const sdf = program.command('sdf').description('the GM/T 0018 C client library (libmimasdf.so) for applications');
  sdf
    .command('lib-path')
    .description('print the path of libmimasdf.so')
    .action(() => {
      const path = sdfLibraryPath();
      if (!existsSync(path)) throw new CliError(`libmimasdf.so is not built (${path}); run npm install with make, a C compiler and libssl-dev present`);
      say(path);
    });
  sdf
    .command('include-path')
    .description('print the directory that holds sdf.h')
    .action(() => say(sdfIncludePath()));
}
