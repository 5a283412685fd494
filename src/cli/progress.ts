/**
 * Progress of long CLI jobs (bulk key generation, ...): a bar on stderr when stderr is a
 * terminal, nothing otherwise, so piped output and logs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `done` items of the total are finished. */
  update(done: number): void;
  stop(): void;
}

export function startProgress(title: string, total: number): Progress {
  if (!process.stderr.isTTY || total < 2) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${title} [{bar}] {value}/{total} {eta_formatted} left`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(done) {
      bar.update(done);
    },
    stop() {
      bar.stop();
    },
  };
}
