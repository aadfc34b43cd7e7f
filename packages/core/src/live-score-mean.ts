/**
 * What `normalize: "layer"` divides a tensor's (or a channel family's) scores by: their mean
 * |score| among the entries not yet pruned, so layers whose scores run on different scales
 * compete fairly and entries pruned earlier (scored near zero) do not drag the mean down.
 * Undefined when that mean is 0 or not finite: the scores are then left as they are. The one
 * statement of the rule for weights, blocks and channels.
 */
export function liveScoreMean(scores: ArrayLike<number>, isPruned: (index: number) => boolean): number | undefined {
  let sum = 0;
  let live = 0;
  for (let i = 0; i < scores.length; i++) {
    if (isPruned(i)) continue;
    sum += Math.abs(scores[i] as number);
    live++;
  }
  const mean = live === 0 ? 0 : sum / live;
  return mean > 0 && Number.isFinite(mean) ? mean : undefined;
}
