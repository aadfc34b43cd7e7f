/**
 * A Vega-Lite chart (its data and layers) drawn as SVG, in the size and background every CLI plot
 * shares: Vega-Lite compiles it to Vega, whose headless renderer writes the SVG. Both are loaded
 * on first use only, since they take a while to import and most commands never plot.
 */
export async function renderVegaLiteSvg(title: string, chart: object): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, width: 480, height: 260, background: 'white', ...chart };
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
