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
 * Its config has two pruners masking one weight (a structured pruner's groups reach into the
 * kernel the other owns), so every resume must also give each pruner its own masks back.
 */
const fixture = fileURLToPath(new URL('./fixtures/checkpointed-training.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tfjs-prune-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** `fs:N`: die on the Nth file open or rename; `batch:N`: die after the Nth training batch. */
type KillPoint = `fs:${number}` | `batch:${number}`;

function runTraining(dir: string, result: string, kill?: KillPoint): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const args = [fixture, dir, result, ...(kill === undefined ? [] : [kill])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
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
    // Kill points count events, not milliseconds, so every one of them fires on any machine,
    // however fast or loaded. File-system call numbers land inside checkpoint writes (each write
    // is 12 calls: staging files, their renames, the directory rename, the latest.json swap);
    // batch numbers land mid-epoch (6 batches an epoch). Together they advance the run by about
    // 8 of its 12 epochs, so none can miss by the run finishing first.
    const kills: KillPoint[] = ['fs:4', 'fs:17', 'batch:9', 'fs:9', 'fs:23', 'fs:2', 'batch:15', 'fs:30'];
    for (const kill of kills) {
      const outcome = await runTraining(dir, result, kill);
      expect({ kill, signal: outcome.signal, stderr: outcome.stderr }).toEqual({ kill, signal: 'SIGKILL', stderr: '' });
      expect(existsSync(result)).toBe(false);
    }
    const last = await runTraining(dir, result);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
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
