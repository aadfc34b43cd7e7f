import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Zeroes, in place, the smallest-magnitude weights of each named layer's kernel until at least
 * round(sparsity × weights) are zero: single weights with `blockColumns` 1, else 1×c tiles of
 * the kernel's 2-D view [prod(shape[:-1]), shape[-1]] ranked by their l1 norm, the tiles that
 * `"granularity": {"type": "block", "shape": [1, c]}` prunes. For speed benchmarks only: the
 * kernels' speed depends on where the zeros are, not on training having put them there, so a
 * freshly initialized model pruned once stands in for a trained one.
 */
export function pruneByMagnitude(model: tfl.LayersModel, sparsities: Readonly<Record<string, number>>, blockColumns = 1): void {
  for (const [name, sparsity] of Object.entries(sparsities)) {
    const layer = model.getLayer(name);
    const weights = layer.getWeights();
    const kernel = weights[0];
    if (kernel === undefined || kernel.rank < 2) throw new Error(`pruneByMagnitude: layer "${name}" has no kernel`);
    const cols = kernel.shape[kernel.rank - 1] as number;
    const values = kernel.dataSync().slice();
    const rows = values.length / cols;
    const perRow = Math.ceil(cols / blockColumns);
    const norms = new Float64Array(rows * perRow);
    for (let i = 0; i < values.length; i++) {
      const b = Math.floor(i / cols) * perRow + Math.floor((i % cols) / blockColumns);
      norms[b] = (norms[b] as number) + Math.abs(values[i] as number);
    }
    const order = Array.from(norms.keys()).sort((a, b) => (norms[a] as number) - (norms[b] as number));
    const pruned = new Uint8Array(norms.length);
    // Sparsity counts weights, as core's block granularity does: a partial edge block weighs its size.
    const target = Math.round(sparsity * values.length);
    let zeroed = 0;
    for (const b of order) {
      if (zeroed >= target) break;
      pruned[b] = 1;
      zeroed += Math.min(blockColumns, cols - (b % perRow) * blockColumns);
    }
    for (let i = 0; i < values.length; i++) {
      if (pruned[Math.floor(i / cols) * perRow + Math.floor((i % cols) / blockColumns)] === 1) values[i] = 0;
    }
    const replaced = tf.tensor(values, kernel.shape, 'float32');
    layer.setWeights([replaced, ...weights.slice(1)]);
    replaced.dispose();
  }
}
