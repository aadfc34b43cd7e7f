import type { SkippedChannels } from '@tfjs-prune/core';
import { formatTable } from '@tfjs-prune/core/internal';

import type { BatchNormFold, BatchNormLeftAlone } from './fold-batch-norm.js';
import type { KeptChannel } from './removal-plan.js';

/** One resized layer: its output units / filters / channels before and after. */
export interface LayerResize {
  readonly layer: string;
  readonly layerClass: string;
  readonly before: number;
  readonly after: number;
}

export interface CompactionReport {
  readonly layers: readonly LayerResize[];
  readonly parameters: { readonly before: number; readonly after: number };
  /**
   * Multiply-accumulates per sample; null when the model has a layer whose MACs cannot be
   * counted (a custom layer, an unknown input size), with the reason in `macsUnknown`.
   */
  readonly macs: { readonly before: number; readonly after: number } | null;
  readonly macsUnknown?: string;
  readonly removedChannels: number;
  /** Removed channels whose constant output was folded into their consumers' biases. */
  readonly foldedChannels: number;
  /** Channels that looked pruned but stay, and why. */
  readonly kept: readonly KeptChannel[];
  /** Channels the graph never offers for removal (model inputs/outputs, unknown layers), and why. */
  readonly skipped: readonly SkippedChannels[];
  /** With `foldBatchNorm: true`: the BatchNormalization layers merged into their producers, and those left as they were. */
  readonly batchNorm?: { readonly folded: readonly BatchNormFold[]; readonly leftAlone: readonly BatchNormLeftAlone[] };
}

const ratio = (after: number, before: number) => (before === 0 ? '-' : `${((after / before) * 100).toFixed(1)}%`);

/** The report as aligned tables: resized layers, totals, then what was left alone and why. */
export function formatCompactionReport(report: CompactionReport): string {
  const layers = formatTable(
    ['layer', 'class', 'before', 'after'],
    report.layers.map((l) => [l.layer, l.layerClass, l.before, l.after]),
  );
  const totals = formatTable(
    ['', 'before', 'after', 'kept'],
    [
      ['parameters', report.parameters.before, report.parameters.after, ratio(report.parameters.after, report.parameters.before)],
      report.macs === null
        ? ['MACs', '?', '?', '-']
        : ['MACs', report.macs.before, report.macs.after, ratio(report.macs.after, report.macs.before)],
    ],
  );
  const notes = [
    `${report.removedChannels} channels removed (${report.foldedChannels} folded into consumer biases)`,
    ...(report.macsUnknown === undefined ? [] : [`MACs not counted: ${report.macsUnknown}`]),
    ...report.kept.map((k) => `kept ${k.group}: ${k.reason}`),
    ...(report.batchNorm === undefined ? [] : batchNormNotes(report.batchNorm)),
    ...report.skipped.map((s) => `left alone: ${s.channels} channel${s.channels === 1 ? '' : 's'} of ${s.family}: ${s.reasons.join('; ')}`),
  ];
  return [layers, '', totals, '', ...notes].join('\n');
}

function batchNormNotes(batchNorm: NonNullable<CompactionReport['batchNorm']>): string[] {
  const n = batchNorm.folded.length;
  return [
    `${n} BatchNormalization layer${n === 1 ? '' : 's'} folded into ${n === 1 ? 'its producer' : 'their producers'}`,
    ...batchNorm.leftAlone.map((b) => `BatchNormalization ${b.batchNorm} not folded: ${b.reason}`),
  ];
}
