import type { ChannelGraph } from './adapters/core.js';
import { validateConfig } from './adapters/schedules.js';
import { CliError } from './cli-error.js';
import type { SensitivityAllocation } from './sensitivity-allocation.js';

export interface SensitivityConfigOptions {
  /** Last mask update of every pruner's polynomial-decay schedule (first: epoch 0). */
  readonly endEpoch: number;
  /** `$schema` of the written file. */
  readonly schema: string;
  /** The file it will be written to, for error messages. */
  readonly file: string;
}

/**
 * One structured pruner per family the allocation prunes, selecting the family's producer
 * layers by name, ranking channels as the measurement did (magnitude, l2 over each channel's
 * group), on a polynomial-decay schedule to the family's sparsity. Families left dense get no
 * pruner. Validated as `prune` will validate it, so a file that is written is a file that loads.
 */
export function sensitivityConfig(allocation: SensitivityAllocation, graph: ChannelGraph, options: SensitivityConfigOptions): Record<string, unknown> {
  const producers = new Map(graph.families.map((f) => [f.name, f.producers]));
  const pruners = allocation.families
    .filter((f) => f.sparsity > 0)
    .map((f) => ({
      name: f.family,
      layers: { include: [...(producers.get(f.family) ?? [])] },
      criterion: 'magnitude',
      granularity: { type: 'structured', norm: 'l2' },
      schedule: { type: 'polynomial-decay', finalSparsity: f.sparsity, startEpoch: 0, endEpoch: options.endEpoch },
    }));
  if (pruners.length === 0) {
    throw new CliError(
      'CLI_FAILED',
      `${options.file}: not written: at the --target, the cheapest choice is to prune no family (the smallest measured step is already past it); give a larger --target or smaller --sparsities`,
    );
  }
  const config = { $schema: options.schema, pruners };
  validateConfig(config, { source: options.file });
  return config;
}
