import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { runInWorkerPool } from '../../src/bench/worker-pool.js';

interface Spec {
  id: string;
  n: number;
  crash?: boolean;
}
type Result = { id: string; status: string; doubled?: number; reason?: string };

const script = fileURLToPath(new URL('./fixtures/doubling-worker.mjs', import.meta.url));

function run(specs: Spec[], jobs: number) {
  const logs: string[] = [];
  const done: number[] = [];
  const results = runInWorkerPool<Spec, Result>(script, specs, {
    jobs,
    args: [],
    idOf: (s) => s.id,
    resultId: (r) => r.id,
    onLog: (_, line) => logs.push(line),
    onResult: (_, count) => done.push(count),
    failed: (s, reason) => ({ id: s.id, status: 'failed', reason }),
  });
  return { results, logs, done };
}

describe('runInWorkerPool', () => {
  it('runs every spec once across the workers, and a worker that dies costs only its current spec', async () => {
    const { results, logs, done } = run([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3, crash: true }, { id: 'd', n: 4 }], 2);
    expect(Object.fromEntries(await results)).toEqual({
      a: { id: 'a', status: 'ok', doubled: 2 },
      b: { id: 'b', status: 'ok', doubled: 4 },
      c: { id: 'c', status: 'failed', reason: 'worker exited with code 3 during this run' },
      d: { id: 'd', status: 'ok', doubled: 8 },
    });
    expect([...logs].sort()).toEqual(['got a', 'got b', 'got c', 'got d']);
    // onResult hears the three results, not the failure; its count (results so far) includes that.
    expect(done).toHaveLength(3);
  });

  it('records the specs no worker was left to run', async () => {
    const { results } = run([{ id: 'a', n: 1, crash: true }, { id: 'b', n: 2 }], 1);
    expect(Object.fromEntries(await results)).toEqual({
      a: { id: 'a', status: 'failed', reason: 'worker exited with code 3 during this run' },
      b: { id: 'b', status: 'failed', reason: 'not run (worker exited)' },
    });
  });
});
