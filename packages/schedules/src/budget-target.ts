import { type BudgetMetric, type LatencyTarget, type ResolvedBudgetTarget, targetedSparsityKeys } from './config-types.js';

/*
 * Under a budget `target` the one structured pruner's schedule gives only the timing; the
 * resolved config keeps it without a sparsity. The engine builds it with its kind, this
 * stand-in as its sparsity (`withProgressStandIn`), and reads
 * `sparsityAt(epoch) / TARGET_PROGRESS_SPARSITY` as the progress towards the target: 0 before
 * the first update, 1 at the last, along the kind's own curve (cubic for polynomial decay,
 * geometric rounds for iterative, one step for one-shot).
 */
export const TARGET_PROGRESS_SPARSITY = 0.5;


/** Where a kind keeps its end sparsity: required unless a target decides it, filled by the stand-in. */
export const endSparsityKey = { 'polynomial-decay': 'finalSparsity', iterative: 'finalSparsity', 'one-shot': 'sparsity' } as const;

/**
 * The metric and the fraction a target keeps. A latency target is a MAC target whose fraction
 * is not known until candidates are measured: it gives the speedup and batch to measure at.
 */
export function targetParts(target: ResolvedBudgetTarget): { metric: BudgetMetric; keep: number } | { metric: 'macs'; latency: Required<LatencyTarget> } {
  if ('macs' in target) return { metric: 'macs', keep: target.macs };
  if ('params' in target) return { metric: 'params', keep: target.params };
  return { metric: 'macs', latency: target.latency };
}

/** Indices of the pruners a target applies to: those with granularity "structured" (name or object). */
export function targetedPruners(pruners: readonly unknown[]): number[] {
  return pruners.flatMap((pruner, i) => {
    if (typeof pruner !== 'object' || pruner === null) return [];
    const granularity = (pruner as { granularity?: unknown }).granularity;
    const type = typeof granularity === 'string' ? granularity : (granularity as { type?: unknown } | null | undefined)?.type;
    return type === 'structured' ? [i] : [];
  });
}

/**
 * A resolved targeted schedule as it was written: without sparsity keys (its kind's resolver
 * copies them over as undefined). The resolved config then validates as it is, as every
 * resolved config does, and a checkpoint can be resumed from it.
 */
export function withoutSparsity<T extends object>(spec: T): T {
  const copy = { ...spec } as Record<string, unknown>;
  for (const key of targetedSparsityKeys) delete copy[key];
  return copy as T;
}

/** A targeted schedule spec with the stand-in sparsity its kind needs to be built; other values as they are. */
export function withProgressStandIn<T extends { type: string }>(spec: T): T {
  const key = endSparsityKey[spec.type as keyof typeof endSparsityKey];
  return key === undefined ? spec : { ...spec, [key]: TARGET_PROGRESS_SPARSITY };
}
