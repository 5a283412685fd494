/** `mima engine`: which backend does the SM work, why, and which CPU features it uses. */
import type { Command } from 'commander';
import { engine } from '../../engine/index.js';
import { say } from '../io.js';

export function registerEngine(program: Command): void {
  program
    .command('engine')
    .description('show the active crypto engine backend and the CPU features it uses')
    .action(() => {
      const e = engine();
      say(`backend: ${e.sm.name} (${e.reason})`);
      say(`cpu features: ${e.sm.cpuFeatures.length > 0 ? e.sm.cpuFeatures.join(' ') : 'none (portable code)'}`);
      say(`international algorithms: ${e.legacy.name} (node:crypto, OpenSSL ${process.versions.openssl})`);
    });
}
