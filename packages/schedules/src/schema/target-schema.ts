/** A fraction of the dense model's cost to keep: in (0, 1]. */
function fraction(what: string) {
  return {
    type: 'number',
    exclusiveMinimum: 0,
    maximum: 1,
    title: `Fraction of ${what} to keep`,
    description: `The compacted model's ${what} as a fraction of the dense model's, in (0, 1]: 0.5 is "2x fewer".`,
    examples: [0.5, 0.25],
  } as const;
}

/** `{ speedup, batch }`: how much faster the compacted model must run, measured, at which batch size. */
const latencySchema = {
  type: 'object',
  title: 'Measured speedup to reach',
  description:
    'The compacted model must run `speedup` times faster than the dense one at batch size `batch`, measured on the backend in use ' +
    '(dense and compacted candidates alternated, medians). The engine finds the fraction of MACs to keep by measuring candidates before ' +
    'the first update, and measures again at the last.',
  additionalProperties: false,
  required: ['speedup'],
  properties: {
    speedup: {
      type: 'number',
      exclusiveMinimum: 1,
      title: 'Speedup',
      description: 'Dense latency over compacted latency, > 1: 2 is "twice as fast".',
      examples: [2, 1.5],
    },
    batch: {
      type: 'integer',
      minimum: 1,
      default: 1,
      title: 'Batch size',
      description: 'Examples per predict call when measuring; speed per MAC differs between batch 1 and large batches. Defaults to 1.',
      examples: [1, 64],
    },
  },
  examples: [{ speedup: 2, batch: 64 }],
} as const;

/**
 * JSON Schema of `BudgetTarget`: exactly one of `macs`, `params` and `latency`. Which pruner it
 * applies to and what its schedule may say are cross-field rules (`validation/target-rules.ts`).
 */
export const targetSchema = {
  type: 'object',
  title: 'Budget target',
  description:
    'Prune to a budget: the compacted model keeps this fraction of the dense model\'s MACs ({"macs": f}) or parameters ({"params": f}), ' +
    'or runs this much faster, measured ({"latency": {"speedup": s, "batch": b}}). ' +
    'Needs exactly one pruner with granularity "structured", whose schedule then gives only the timing (leave its sparsity out): ' +
    'every channel family keeps the same share of its channels, the lowest-scored going first, so that the compacted model meets the budget by the schedule\'s end.',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { macs: fraction('MACs'), params: fraction('parameters'), latency: latencySchema },
  examples: [{ macs: 0.5 }, { params: 0.25 }, { latency: { speedup: 2, batch: 64 } }],
} as const;
