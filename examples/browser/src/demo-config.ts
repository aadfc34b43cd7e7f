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
        ? { ...pruner, granularity: 'structured', schedule: { ...pruner.schedule, finalSparsity: 0.8 } }
        : pruner,
    ),
  };
}
