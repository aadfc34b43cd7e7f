import { parseArgs } from 'node:util';

import { BACKEND_CHOICES, type BackendChoice } from '@tfjs-prune/callbacks';

export interface BenchArgs {
  backend: BackendChoice;
  full: boolean;
  rounds: number;
}

/** Flags shared by the benchmark scripts: `--backend`, `--full`, `--rounds N`. */
export function parseBenchArgs(argv: readonly string[], defaults: { rounds: number }): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { backend: { type: 'string' }, full: { type: 'boolean' }, rounds: { type: 'string' } },
  });
  const backend = values.backend ?? 'wasm';
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new Error(`--backend must be one of ${BACKEND_CHOICES.join(', ')} (got "${backend}")`);
  }
  const rounds = values.rounds === undefined ? defaults.rounds : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer (got "${values.rounds}")`);
  return { backend: backend as BackendChoice, full: values.full === true, rounds };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
