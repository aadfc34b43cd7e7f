import { count, fixed, markdownTable, pct } from './markdown.js';
import { checkTargets, type LatencyRow, latencyTable } from './latency-report.js';

export interface CompactAccuracyRow {
  model: string;
  /** Target channel sparsity of the pruned layers. */
  sparsity: number;
  denseAccuracy: number;
  prunedAccuracy: number;
  compactedAccuracy: number;
  /** Largest |pruned − compacted| softmax output over the test set (0 up to float rounding). */
  maxPredictionDifference: number;
  denseParams: number;
  compactedParams: number;
  denseMacs: number;
  compactedMacs: number;
}

/** What folding BatchNormalization alone buys, measured in the same alternation as the latency rows. */
export interface FoldingRow {
  model: string;
  backend: string;
  batch: number;
  /** BatchNormalization layers merged into their producers. */
  foldedLayers: number;
  /** Whether this backend's latency rows time the folded models (FOLD_BATCH_NORM_ON). */
  rowsFolded: boolean;
  /** Median ms per predict of the dense net as trained, and with its BN folded. */
  asTrainedMs: number;
  foldedMs: number;
  foldingSpeedup: number;
  /** The dense net as trained over the 50%-channels compacted net in the rows' form: what a user shipping it gains. */
  halfChannelsSpeedup: number;
}

/** Issue 10: at 50% channels, compacted nets lose at most one point of accuracy. */
export const ACCURACY_LOSS_TARGET = 0.01;
/** Below this a 10-class net has barely left chance (10%): its accuracy loss says nothing. */
const UNTRAINED_ACCURACY = 0.5;

export function compactMarkdown(accuracy: readonly CompactAccuracyRow[], latency: readonly LatencyRow[], epochs: number, folding: readonly FoldingRow[] = []): string {
  const foldedOn = [...new Set(folding.filter((f) => f.rowsFolded).map((f) => f.backend))];
  const accuracyTable = markdownTable(
    ['model', 'channels pruned', 'dense acc', 'pruned acc', 'compacted acc', 'max |pruned − compacted|', 'params dense → compacted', 'MACs dense → compacted'],
    accuracy.map((r) => [
      r.model,
      pct(r.sparsity, 0),
      pct(r.denseAccuracy, 2),
      pct(r.prunedAccuracy, 2),
      pct(r.compactedAccuracy, 2),
      r.maxPredictionDifference.toExponential(1),
      `${count(r.denseParams)} → ${count(r.compactedParams)} (${fixed(r.denseParams / r.compactedParams, 2)}x)`,
      `${count(r.denseMacs)} → ${count(r.compactedMacs)} (${fixed(r.denseMacs / r.compactedMacs, 2)}x)`,
    ]),
  );
  const accuracyChecks = accuracy
    .filter((r) => r.sparsity === 0.5 && r.model !== 'lenet-5')
    .map((r) => {
      // A dense net still near chance (10 classes) has nothing to lose: no verdict either way.
      if (r.denseAccuracy < UNTRAINED_ACCURACY) {
        return `- ⚠️ ${r.model} at 50% channels: not measured, the dense net did not learn in this run (${pct(r.denseAccuracy, 2)}; run with --full)`;
      }
      const lost = r.denseAccuracy - r.compactedAccuracy;
      const met = lost <= ACCURACY_LOSS_TARGET;
      const change = lost < 0 ? `gains ${fixed(-lost * 100, 2)} points` : `loses ${fixed(lost * 100, 2)} points`;
      return `- ${met ? '✅' : '❌'} ${r.model} at 50% channels ${change} (target: at most 1 lost): ${met ? 'met' : 'missed'}`;
    });
  return [
    '## 8. Compaction: accuracy and speed',
    '',
    `Each CNN trained dense for ${epochs} epochs, and from the same initial weights channel-pruned during \`fit\` (structured granularity, ` +
      'l2 norm, every Conv2D and hidden Dense layer to the sparsity shown, polynomial decay ending one epoch before the last), then ' +
      'compacted with `@tfjs-prune/compact`. Latency is dense vs compacted, alternated in one process as in section 7' +
      (foldedOn.length === 0
        ? '.'
        : `; on ${foldedOn.join(' and ')} every model, the dense net too, runs with its BatchNormalization folded into the convolution before it ` +
          '(`foldBatchNorm`, the faster form there; on the other backend folding is slower, see the last table), so a speedup is what removing channels gives.'),
    '',
    accuracyTable,
    '',
    latencyTable(latency),
    '',
    ...(folding.length === 0 ? [] : [foldingTable(folding), '']),
    '![latency vs channels kept](compact-latency-vs-channels.svg)',
    '',
    'Targets (issue 10):',
    '',
    ...accuracyChecks,
    ...checkTargets(latency).map((c) => `- ${c.met ? '✅' : '❌'} ${c.text}`),
  ].join('\n');
}

function foldingTable(rows: readonly FoldingRow[]): string {
  const sorted = [...rows].sort((a, b) => a.model.localeCompare(b.model) || a.backend.localeCompare(b.backend) || a.batch - b.batch);
  return [
    'Folding BatchNormalization alone, in the same alternation (the dense net as trained vs folded), and end to end (the dense net as trained vs compacted to 50% channels in the form the rows above use):',
    '',
    markdownTable(
      ['model', 'BN layers folded', 'backend', 'batch', 'dense as trained ms', 'dense folded ms', 'folding speedup', 'rows above', '50% compacted vs dense as trained'],
      sorted.map((r) => [r.model, r.foldedLayers, r.backend, r.batch, fixed(r.asTrainedMs, 2), fixed(r.foldedMs, 2), `${fixed(r.foldingSpeedup, 2)}x`, r.rowsFolded ? 'folded' : 'as trained', `${fixed(r.halfChannelsSpeedup, 2)}x`]),
    ),
  ].join('\n');
}
