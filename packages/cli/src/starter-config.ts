/**
 * What `init` writes: one polynomial-decay pruner over every prunable weight, the schedule most
 * pruning papers start from (Zhu & Gupta 2017). Config files are strict JSON and unknown keys are
 * errors, so the explanations live in the schema's hover docs (reached through `$schema`) and in
 * {@link STARTER_NOTES}, which `init` prints, rather than in comments the loader would reject.
 */
export function starterConfig(schema: string): Record<string, unknown> {
  return {
    $schema: schema,
    pruners: [
      {
        name: 'all-kernels',
        criterion: 'magnitude',
        granularity: 'unstructured',
        scope: 'layer',
        schedule: { type: 'polynomial-decay', initialSparsity: 0, finalSparsity: 0.8, startEpoch: 1, endEpoch: 6, frequency: 1 },
      },
    ],
  };
}

export const STARTER_NOTES = [
  'The starter prunes every prunable weight (Dense/Conv kernels, embeddings, RNN kernels; never biases):',
  '  add "layers": { "include": ["dense*"], "exclude": ["logits"] } to choose layers by name.',
  '  criterion "magnitude" drops the smallest |w|; "unstructured" zeros single weights; scope "layer" gives each tensor the target.',
  '  schedule: dense in epoch 0, then sparsity rises each epoch from 0 to 80% at epoch 6 (fastest at first), then holds.',
  'Hover any key in an editor that reads "$schema" for its documentation; see it per epoch with: tfjs-prune schedule <file>',
] as const;
