import { changeset } from 'vega';
import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { TopLevelSpec } from 'vega-lite';

import type { EpochProgress } from './page-api.js';

const SPEC: TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 360,
  height: 220,
  // The chart starts empty and grows as epochs arrive: lay it out again on every change.
  autosize: { type: 'pad', resize: true },
  data: { name: 'epochs' },
  transform: [{ fold: ['accuracy', 'sparsity'], as: ['measure', 'value'] }],
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
    y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0, 1] }, axis: { format: '%' } },
    color: {
      field: 'measure',
      type: 'nominal',
      title: null,
      // A fixed domain draws the legend before the first epoch, so the layout never jumps.
      scale: { domain: ['accuracy', 'sparsity'] },
      legend: { orient: 'bottom' },
    },
  },
};

/**
 * A live accuracy/sparsity chart. Vega normally compiles its expressions with `new Function`;
 * the AST interpreter keeps it working under a CSP without 'unsafe-eval', like the rest of the page.
 */
export class EpochChart {
  private constructor(private readonly result: Result) {}

  static async create(element: HTMLElement): Promise<EpochChart> {
    const result = await embed(element, SPEC, { actions: false, renderer: 'svg', ast: true, expr: expressionInterpreter });
    return new EpochChart(result);
  }

  async add(progress: EpochProgress): Promise<void> {
    // 1-based on the axis: "after epoch 1" reads better than "after epoch 0".
    await this.result.view.insert('epochs', [toPoint(progress)]).runAsync();
  }

  /** Shows exactly `epochs`: what a resumed run continues from, or nothing. */
  async replace(epochs: readonly EpochProgress[]): Promise<void> {
    // One changeset: a remove and an insert as two changes before one run keep only the second.
    await this.result.view.change('epochs', changeset().remove(() => true).insert(epochs.map(toPoint))).runAsync();
  }

  async clear(): Promise<void> {
    await this.replace([]);
  }

  /** The 0-based epochs drawn, in order. */
  epochs(): number[] {
    return (this.result.view.data('epochs') as Array<{ epoch: number }>).map((p) => p.epoch - 1).sort((a, b) => a - b);
  }
}

function toPoint(progress: EpochProgress): EpochProgress {
  return { ...progress, epoch: progress.epoch + 1 };
}
