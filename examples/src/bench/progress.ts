/**
 * Progress lines on stderr, so stdout stays clean for anyone piping results: each line has the
 * elapsed wall time, and `step` lines add a count and an estimate of the time left.
 */
export class Progress {
  private readonly started = performance.now();

  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  log(message: string): void {
    this.write(`[${clock(performance.now() - this.started)}] ${message}`);
  }

  /** `done` of `total` units finished since `since` (a performance.now() value). */
  step(message: string, done: number, total: number, since: number): void {
    const elapsed = performance.now() - since;
    const left = done > 0 && done < total ? `, ~${clock((elapsed / done) * (total - done))} left` : '';
    this.log(`${message} (${done}/${total}${left})`);
  }
}

export function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
