import { fork } from 'node:child_process';

/** What the parent sends a worker: one spec to run, or the end. */
export type ToWorker<Spec> = { type: 'run'; spec: Spec } | { type: 'exit' };
/** What a worker sends back: ready for work, a progress line, or one spec's result. */
export type FromWorker<Result> = { type: 'ready' } | { type: 'log'; line: string } | { type: 'result'; result: Result };

export interface WorkerPoolOptions<Spec, Result> {
  /** Worker processes to start (at most one per spec). */
  readonly jobs: number;
  readonly args: readonly string[];
  readonly idOf: (spec: Spec) => string;
  readonly onLog: (worker: number, line: string) => void;
  readonly onResult: (result: Result, done: number) => void;
  /** The result to record for a spec whose worker died under it, or never ran it. */
  readonly failed: (spec: Spec, reason: string) => Result;
  readonly resultId: (result: Result) => string;
}

/**
 * Runs independent specs on `jobs` child processes of `script`, each taking the next spec when
 * it finishes one, so N workers finish about N times sooner on N free cores. A worker that dies
 * costs its current spec (recorded through `failed`), not the run.
 */
export async function runInWorkerPool<Spec, Result>(script: string, specs: readonly Spec[], options: WorkerPoolOptions<Spec, Result>): Promise<Map<string, Result>> {
  const queue = [...specs];
  const results = new Map<string, Result>();
  const worker = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const child = fork(script, [...options.args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: Spec | undefined;
      const next = () => {
        current = queue.shift();
        child.send((current === undefined ? { type: 'exit' } : { type: 'run', spec: current }) satisfies ToWorker<Spec>);
      };
      child.on('message', (message: FromWorker<Result>) => {
        if (message.type === 'ready') next();
        else if (message.type === 'log') options.onLog(index, message.line);
        else {
          results.set(options.resultId(message.result), message.result);
          options.onResult(message.result, results.size);
          next();
        }
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        if (current !== undefined && !results.has(options.idOf(current))) {
          results.set(options.idOf(current), options.failed(current, `worker exited with code ${code} during this run`));
        }
        resolve();
      });
    });
  await Promise.all(Array.from({ length: Math.min(options.jobs, specs.length) }, (_, i) => worker(i + 1)));
  for (const s of specs) if (!results.has(options.idOf(s))) results.set(options.idOf(s), options.failed(s, 'not run (worker exited)'));
  return results;
}

/** The worker side: answers `run` messages with `handle`, one at a time, until `exit`. */
export function serveWorker<Spec, Result>(handle: (spec: Spec, log: (line: string) => void) => Promise<Result>): void {
  const send = (message: FromWorker<Result>) => process.send?.(message);
  process.on('message', (message: ToWorker<Spec>) => {
    if (message.type === 'exit') {
      process.disconnect();
      return;
    }
    void handle(message.spec, (line) => send({ type: 'log', line })).then((result) => send({ type: 'result', result }));
  });
  send({ type: 'ready' });
}
