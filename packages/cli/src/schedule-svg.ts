import type { ScheduleStep } from './schedule-table.js';
import { renderVegaLiteSvg } from './vega-lite-svg.js';

/**
 * The schedule's curves as an SVG: one step line per pruner (sparsity holds between updates, so
 * a straight segment between two updates would misstate it) and a dot at every mask update.
 * Vega-Lite compiles the chart to Vega, whose headless renderer writes the SVG; both are loaded
 * only when --svg is given, since they take a while to import.
 */
export async function renderScheduleSvg(steps: readonly ScheduleStep[], title: string): Promise<string> {
  const values = steps.map((s) => ({ epoch: s.epoch, pruner: s.pruner, sparsity: s.sparsity, update: s.update }));
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch (0-based)', axis: { tickMinStep: 1 } };
  const y = { field: 'sparsity', type: 'quantitative', title: 'target sparsity', scale: { domain: [0, 1] }, axis: { format: '%' } };
  const color = { field: 'pruner', type: 'nominal', title: 'pruner' };
  const spec = {
    data: { values },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y, color } },
      { transform: [{ filter: 'datum.update' }], mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
    ],
  };
  return renderVegaLiteSvg(title, spec);
}
