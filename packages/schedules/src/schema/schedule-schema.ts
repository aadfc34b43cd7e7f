import { iterativeSchema } from '../kinds/iterative-schema.js';
import { oneShotSchema } from '../kinds/one-shot-schema.js';
import { polynomialDecaySchema } from '../kinds/polynomial-decay-schema.js';

/**
 * Any schedule. The `discriminator` makes ajv check a spec only against the branch its `type`
 * names, so a typo in a polynomial-decay schedule is reported once, not once per kind; editors
 * ignore the keyword and still offer the branches through `oneOf`.
 */
export const scheduleSchema = {
  type: 'object',
  title: 'Schedule',
  description: 'When masks are recomputed and the sparsity they must reach. `type` selects the kind: "polynomial-decay", "one-shot" or "iterative".',
  discriminator: { propertyName: 'type' },
  // In the order of `scheduleKinds`, which a contract test holds it to.
  oneOf: [polynomialDecaySchema, oneShotSchema, iterativeSchema],
  examples: [
    { type: 'polynomial-decay', finalSparsity: 0.9, startEpoch: 1, endEpoch: 8 },
    { type: 'one-shot', sparsity: 0.5 },
    { type: 'iterative', finalSparsity: 0.8, rounds: 4, epochsPerRound: 2 },
  ],
} as const;
