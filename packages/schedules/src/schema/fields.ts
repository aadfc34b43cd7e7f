/**
 * Builders for the leaf fields that recur across schedules. Every field carries `title`,
 * `description` and `examples` because editors that follow `$schema` show them as hover docs
 * and completions; `default` is given wherever the code fills one in.
 */
export interface FieldDoc {
  readonly title: string;
  readonly description: string;
  readonly examples: readonly unknown[];
  readonly default?: unknown;
}

/** A fraction of weights pruned: 1 would remove a tensor entirely, so it is excluded. */
export function sparsityField<const D extends FieldDoc>(doc: D) {
  return { type: 'number', minimum: 0, exclusiveMaximum: 1, ...doc } as const;
}

/** A 0-based epoch index, as tfjs passes it to `onEpochBegin`. */
export function epochField<const D extends FieldDoc>(doc: D) {
  return { type: 'integer', minimum: 0, ...doc } as const;
}

/** A 0-based optimizer step index, counted across `fit` calls since training began. */
export function stepField<const D extends FieldDoc>(doc: D) {
  return { type: 'integer', minimum: 0, ...doc } as const;
}

/** A count of epochs or rounds; 0 would mean "never" and is always a mistake. */
export function positiveIntegerField<const D extends FieldDoc>(doc: D) {
  return { type: 'integer', minimum: 1, ...doc } as const;
}

/** The discriminator of a schedule kind; `examples` lets editors complete it. */
export function scheduleTypeField<const T extends string>(type: T) {
  return {
    const: type,
    title: 'Schedule type',
    description: 'Which schedule this is: "polynomial-decay", "one-shot" or "iterative".',
    examples: [type],
  } as const;
}
