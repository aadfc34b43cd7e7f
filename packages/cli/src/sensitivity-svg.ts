import type { SensitivityResult } from './adapters/core.js';
import { renderVegaLiteSvg } from './vega-lite-svg.js';

/**
 * The sensitivity curves as an SVG: per family, the metric against its channel sparsity (x from
 * 0 to 1, each curve starting at the baseline at 0), and the baseline as a dashed rule. Drawn
 * like the schedule plot (Vega-Lite compiled to Vega, rendered headless, both loaded only when
 * --svg is given); the same result gives the same bytes.
 */
export async function renderSensitivitySvg(result: SensitivityResult, metricLabel: string, title: string): Promise<string> {
  const families = [...new Set(result.rows.map((r) => r.family))];
  const values = families.flatMap((family) => [
    { family, sparsity: 0, metric: result.baseline },
    ...result.rows.filter((r) => r.family === family).map((r) => ({ family, sparsity: r.sparsity, metric: r.metric })),
  ]);
  const x = { field: 'sparsity', type: 'quantitative', title: 'channel sparsity of the family', scale: { domain: [0, 1] }, axis: { format: '%' } };
  const y = { field: 'metric', type: 'quantitative', title: metricLabel, scale: { zero: false } };
  const color = { field: 'family', type: 'nominal', title: 'family', sort: families };
  const spec = {
    layer: [
      { data: { values }, mark: { type: 'line', point: true }, encoding: { x, y, color } },
      { data: { values: [{ baseline: result.baseline }] }, mark: { type: 'rule', strokeDash: [6, 4], color: 'gray' }, encoding: { y: { field: 'baseline', type: 'quantitative' } } },
    ],
  };
  return renderVegaLiteSvg(title, spec);
}
