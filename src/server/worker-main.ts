/** Entry of a worker process (node:cluster forks this file; see worker.ts). */
import { runWorker } from './worker.js';

runWorker();
