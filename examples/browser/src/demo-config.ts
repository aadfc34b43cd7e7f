import defaultConfig from '../../schedules/lenet-300-100.json';

/**
 * The demo's pruning config: lenet-300-100.json as it ships, or with whole hidden units pruned
 * (`?granularity=structured`), which compaction can then remove physically. 80% of the units
 * rather than 90% of the weights: a unit carries a whole row of the next layer with it.
 */
export function demoConfig(granularity: 'unstructured' | 'structured'): unknown {
  if (granularity === 'unstructured') return defaultConfig;
  return {
    pruners: defaultConfig.pruners.map((pruner) =>
      pruner.name === 'hidden-layers'
        ? { ...pruner, granularity: 'structured', schedule: { ...pruner.schedule, finalSparsity: STRUCTURED_UNITS } }
        : pruner,
    ),
  };
}

/** The share of hidden units a structured run removes. */
const STRUCTURED_UNITS = 0.8;

/** What the page's header says the config does, read from the config itself so the two agree. */
export function demoGoal(granularity: 'unstructured' | 'structured'): string {
  const final = (name: string) => defaultConfig.pruners.find((p) => p.name === name)?.schedule.finalSparsity ?? Number.NaN;
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  const output = `its output layer to ${percent(final('output-layer'))} zeros`;
  return granularity === 'unstructured'
    ? `pruning its hidden layers to ${percent(final('hidden-layers'))} zeros and ${output}`
    : `removing ${percent(STRUCTURED_UNITS)} of its hidden units whole and pruning ${output}`;
}
