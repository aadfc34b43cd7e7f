import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

/**
 * The guarantee users rely on for long runs: kill the process at any moment, including in the
 * middle of writing a checkpoint, restart it as often as it takes, and it ends exactly where an
 * uninterrupted run ends. Real processes and SIGKILL, because nothing in-process can fake a
 * half-written directory convincingly. The fixture runs the built packages (`pnpm test` builds).
 */
const fixture = fileURLToPath(new URL('./fixtures/checkpointed-training.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tfjs-prune-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runTraining(dir: string, result: string, kill?: { onFsCall: number } | { afterMs: number }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const args = [fixture, dir, result];
    if (kill !== undefined && 'onFsCall' in kill) args.push(String(kill.onFsCall));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = kill !== undefined && 'afterMs' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

interface Result {
  resumedFrom: number;
  weights: { name: string; values: number[] }[];
}

const readResult = (file: string): Result => JSON.parse(readFileSync(file, 'utf8')) as Result;

describe('checkpoints under SIGKILL', () => {
  it('end with the same masks and weights as an uninterrupted run, however often the run is killed', async () => {
    const reference = join(work, 'reference.json');
    const clean = await runTraining(join(work, 'clean'), reference);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);

    const dir = join(work, 'crashy');
    const result = join(work, 'crashy.json');
    // File-system call numbers land inside checkpoint writes (staging files, the directory
    // rename, the latest.json swap); the timed kills land anywhere, including mid-epoch.
    const kills = [{ onFsCall: 4 }, { onFsCall: 17 }, { afterMs: 900 }, { onFsCall: 9 }, { onFsCall: 23 }, { onFsCall: 2 }, { afterMs: 1500 }, { onFsCall: 30 }];
    let killed = 0;
    for (const kill of kills) {
      const outcome = await runTraining(dir, result, kill);
      if (outcome.signal === 'SIGKILL') killed++;
      else expect(outcome, outcome.stderr).toMatchObject({ code: 0 });
      if (existsSync(result)) break;
    }
    if (!existsSync(result)) {
      const last = await runTraining(dir, result);
      expect(last.stderr).toBe('');
      expect(last.code).toBe(0);
    }
    expect(killed).toBeGreaterThanOrEqual(4);
    // Killed writers leave temp files; the next successful write clears them.
    expect(readdirSync(dir).filter((e) => e.startsWith('.'))).toEqual([]);

    const expected = readResult(reference);
    const actual = readResult(result);
    expect(actual.resumedFrom).toBeGreaterThan(0);
    expect(actual.weights.map((w) => w.name)).toEqual(expected.weights.map((w) => w.name));
    actual.weights.forEach((weight, i) => {
      const want = expected.weights[i]!.values;
      // Same masks: exactly the same entries are zero.
      expect(weight.values.map((v) => v === 0)).toEqual(want.map((v) => v === 0));
      weight.values.forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 5));
    });
  });
});
