/** Progress for long runs: a bar on a TTY, nothing otherwise (logs stay clean in CI). */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

export function startProgress(total: number): Progress {
  if (!process.stderr.isTTY) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'bench [{bar}] {value}/{total} {label}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  let done = 0;
  return {
    tick(label) {
      bar.update(done++, { label });
    },
    stop() {
      bar.update(total, { label: 'done' });
      bar.stop();
    },
  };
}
