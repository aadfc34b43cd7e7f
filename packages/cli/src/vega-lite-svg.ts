/**
 * A Vega-Lite spec drawn as SVG: Vega-Lite compiles it to Vega, whose headless renderer writes
 * the SVG. Both are loaded on first use only, since they take a while to import and most
 * commands never plot.
 */
export async function renderVegaLiteSvg(spec: object): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
