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

/**
 * JSON Schema of `BudgetTarget`: exactly one of `macs` and `params`. Which pruner it applies to
 * and what its schedule may say are cross-field rules (`validation/target-rules.ts`).
 */
export const targetSchema = {
  type: 'object',
  title: 'Budget target',
  description:
    'Prune to a budget: the compacted model keeps this fraction of the dense model\'s MACs ({"macs": f}) or parameters ({"params": f}). ' +
    'Needs exactly one pruner with granularity "structured", whose schedule then gives only the timing (leave its sparsity out): ' +
    'the engine ranks all its channels by importance per MAC or parameter freed and prunes to the budget by the schedule\'s end.',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { macs: fraction('MACs'), params: fraction('parameters') },
  examples: [{ macs: 0.5 }, { params: 0.25 }],
} as const;
