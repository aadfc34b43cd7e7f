import type { SparsifyReport } from '@tfjs-prune/sparse';

/** A sparsify report in two short strings, for a table cell or a log line. */
export interface RuntimeSummary {
  /** 'whole model': no tfjs op in predict; else how many layers run as tfjs ops. */
  readonly runtime: string;
  /** Each weighted layer's format and sparsity (three or fewer), else a count per format. */
  readonly formats: string;
}

export function describeRuntime(report: SparsifyReport): RuntimeSummary {
  const tfjs = report.layers.filter((l) => l.runs === 'tfjs').length;
  const weighted = report.layers.filter((l) => l.format !== undefined);
  const label = (l: (typeof weighted)[number]) => (l.runs === 'dense-kernel' ? 'dense kernel' : (l.format as string));
  let formats: string;
  if (weighted.length <= 3) {
    formats = weighted.map((l) => `${l.name} ${label(l)} ${((l.sparsity ?? 0) * 100).toFixed(1)}%`).join(', ');
  } else {
    const counts = new Map<string, number>();
    for (const l of weighted) counts.set(label(l), (counts.get(label(l)) ?? 0) + 1);
    formats = [...counts].map(([format, n]) => `${n} ${format}`).join(', ');
  }
  return { runtime: report.ownRuntime ? 'whole model' : `per layer, ${tfjs} as tfjs ops`, formats };
}
