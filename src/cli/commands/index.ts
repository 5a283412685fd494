/** The one place where commands are registered, in the order `mima --help` lists them. */
import type { Command } from 'commander';
import { registerSm2 } from './sm2.js';
import { registerSm3 } from './sm3.js';
import { registerSm4 } from './sm4.js';
import { registerZuc } from './zuc.js';
import { registerRandom } from './random.js';
import { registerEngine } from './engine.js';
import { registerTour } from './tour.js';
import { registerDevice } from './device.js';
import { registerKey } from './key.js';
import { registerSdf } from './sdf.js';
import { registerServe } from './serve.js';
import { registerBench } from './bench.js';
import { registerRemote } from './remote.js';
import { registerAudit } from './audit.js';
import { registerBackup } from './backup.js';
import { registerPki } from './pki.js';
import { registerTs } from './ts.js';
import { registerSvs } from './svs.js';

export function registerCommands(program: Command): void {
  registerSm2(program);
  registerSm3(program);
  registerSm4(program);
  registerZuc(program);
  registerRandom(program);
  registerEngine(program);
  registerDevice(program);
  registerKey(program);
  registerAudit(program);
  registerBackup(program);
  registerPki(program);
  registerTs(program);
  registerSvs(program);
  registerServe(program);
  registerBench(program);
  registerRemote(program);
  registerSdf(program);
  registerTour(program);
}
