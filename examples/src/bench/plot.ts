import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/** A Vega-Lite spec; kept loose because the vega-lite types are heavier than they are useful here. */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * Renders a Vega-Lite spec to an SVG string headless (no canvas, no browser): Vega-Lite compiles
 * it to Vega, Vega's SVG string renderer draws it. Data must be inline (`data.values`).
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: { font: 'Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, labelLimit: 400 } },
    ...spec,
  };
  const compiled = vegaLite.compile(full as unknown as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
