/**
 * `mima serve [--data DIR] [--port N] [--admin-port N] [--host H] [--public-host H] [--workers N]
 *             [--share FILE ...]`: runs the server crypto machine until interrupted (SIGINT/SIGTERM
 * close it cleanly: sessions wiped, audit flushed). `npm start` runs it on the embedded default.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { wipe } from '../../algorithms/internal/bytes.js';
import { startMachine } from '../../server/machine.js';
import { addShareOptions, DEFAULT_DATA_DIR, loadShares, type ShareFlags } from '../device-access.js';
import { intOption } from '../args.js';
import { untilInterrupted } from '../until-interrupted.js';
import { CliError } from '../errors.js';

function port(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`${what}: expected a port number 0..65535, got "${value}"`);
  return n;
}

export function registerServe(program: Command): void {
  const cmd = program
    .command('serve')
    .description('run the server crypto machine: SDF over TLS (default port 8018) and the management API (8019)')
    .option('--data <dir>', 'data directory (created and dev-sealed on first start)', DEFAULT_DATA_DIR)
    .option('--port <n>', 'SDF protocol port', '8018')
    .option('--admin-port <n>', 'management API port', '8019')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--public-host <host>', 'host name clients use (server certificate, sdf.conf)')
    .option('--workers <n>', 'protocol worker processes (default: one per core; 1 runs the protocol in-process)', String(availableParallelism()));
  addShareOptions(cmd);
  cmd.action(async (flags: ShareFlags & { port: string; adminPort: string; host: string; publicHost?: string; workers: string }) => {
    const workers = intOption('--workers', flags.workers, 1, 256);
    const shares = (flags.share ?? []).length > 0 ? loadShares(flags, { purpose: 'master-key' }) : undefined;
    let machine;
    try {
      machine = await startMachine({
        dataDir: flags.data, host: flags.host, publicHost: flags.publicHost, port: port(flags.port, '--port'),
        adminPort: port(flags.adminPort, '--admin-port'), shares, workers,
      });
    } finally {
      if (shares) wipe(...shares);
    }
    const m = machine;
    await untilInterrupted(() => m.close());
  });
}
