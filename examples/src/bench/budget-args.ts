import { type DataOption, parseDataOption } from '../data/index.js';
import { parseCommandLine } from '../cli/command-line.js';
import { BUDGET_MODEL_NAMES, type BudgetModelName } from './budget-models.js';

export interface BudgetBenchArgs {
  readonly model: BudgetModelName;
  /** MAC fractions to keep, one run per fraction and seed. */
  readonly keeps: readonly number[];
  readonly seeds: number;
  readonly firstSeed: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly epochs: number;
  /** 0: every run trains `epochs` from the same initial weights; N: the pruned runs fine-tune the trained dense model for N epochs. */
  readonly fineTune: number;
  /** The pruned runs per target, besides the dense one: see BUDGET_ARMS. */
  readonly arms: readonly BudgetArm[];
  /** Training images held out for the sensitivity table (the sensitivity arm); the others train. */
  readonly validation: number;
  readonly data: DataOption;
}

/**
 * `target`: the config's `"target": {"macs": keep}`; `distillation`: the same, trained with the
 * dense model as teacher; `sensitivity`: per-family sparsities spent where the dense model's
 * sensitivity table says accuracy suffers least, at the same MACs (budget-sensitivity.ts).
 */
export const BUDGET_ARMS = ['target', 'distillation', 'sensitivity'] as const;
export type BudgetArm = (typeof BUDGET_ARMS)[number];

export const BUDGET_BENCH_USAGE = `Usage: pnpm bench:budget [-- options]

Trains a model dense and, from the same initial weights, pruned during fit to a MAC target
(with distillation from the dense model, or with per-family sparsities chosen from a sensitivity
table), compacts it and prints test accuracies over seeds as a Markdown table.

  --model NAME       ${BUDGET_MODEL_NAMES.join('|')} (default lenet)
  --keep LIST        comma-separated MAC fractions in (0, 1] (default 0.5,0.25)
  --seeds N          how many seeds (default 3)
  --first-seed N     the first of them (default 1), to spread seeds over processes
  --train N          training images (default 12000)
  --test N           test images (default 10000)
  --epochs N         epochs of every run, at least 2 (default 5)
  --fine-tune N      prune while fine-tuning the trained dense model for N epochs, at least 2,
                     against the dense model trained N epochs more (default 0: prune from scratch)
  --arms LIST        comma-separated: ${BUDGET_ARMS.join(', ')} (default target,distillation)
  --validation N     training images held out for the sensitivity table (needed by the sensitivity arm)
  --data SOURCE      mnist or idx:<dir> (default idx:/usr/share/datasets/fashion-mnist)
  --help             this text`;

export function parseBudgetArgs(argv: readonly string[]): BudgetBenchArgs | 'help' {
  const values = parseCommandLine(
    argv,
    {
      model: { type: 'string' },
      keep: { type: 'string' },
      seeds: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      epochs: { type: 'string' },
      'fine-tune': { type: 'string' },
      'first-seed': { type: 'string' },
      arms: { type: 'string' },
      validation: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean' },
    },
    BUDGET_BENCH_USAGE,
  );
  if (values.help === true) return 'help';
  const model = values.model ?? 'lenet';
  if (!(BUDGET_MODEL_NAMES as readonly string[]).includes(model)) throw new Error(`--model must be one of ${BUDGET_MODEL_NAMES.join(', ')} (got "${model}")`);
  const keeps = (values.keep ?? '0.5,0.25').split(',').map((text) => {
    const keep = Number(text);
    if (!(keep > 0 && keep <= 1)) throw new Error(`--keep takes MAC fractions in (0, 1] (got "${text}")`);
    return keep;
  });
  const arms = (values.arms ?? 'target,distillation').split(',').map((arm) => {
    if (!(BUDGET_ARMS as readonly string[]).includes(arm)) throw new Error(`--arms takes ${BUDGET_ARMS.join(', ')} (got "${arm}")`);
    return arm as BudgetArm;
  });
  const validation = count('--validation', values.validation, 0, 0);
  if (arms.includes('sensitivity') && validation === 0) throw new Error('--arms sensitivity needs --validation N: the sensitivity table is measured on training images held out from training');
  return {
    model: model as BudgetModelName,
    keeps,
    seeds: count('--seeds', values.seeds, 3, 1),
    firstSeed: count('--first-seed', values['first-seed'], 1, 1),
    trainSize: count('--train', values.train, 12000, 1),
    testSize: count('--test', values.test, 10000, 1),
    epochs: count('--epochs', values.epochs, 5, 2),
    fineTune: fineTune(values['fine-tune']),
    arms,
    validation,
    data: parseDataOption(values.data ?? 'idx:/usr/share/datasets/fashion-mnist'),
  };
}

function count(flag: string, text: string | undefined, fallback: number, least: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) throw new Error(`${flag} must be a whole number of at least ${least} (got "${text}")`);
  return value;
}

function fineTune(text: string | undefined): number {
  const value = count('--fine-tune', text, 0, 0);
  if (value === 1) throw new Error('--fine-tune must be 0 (prune from scratch) or at least 2 epochs: the last one trains with the final channels (got "1")');
  return value;
}
