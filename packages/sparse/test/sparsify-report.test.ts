import { describe, expect, it } from 'vitest';

import { formatSparsifyReport, sparsify } from '../src/index.js';
import { tf, tfl } from './support/models.js';

const L = tfl.layers;

/** A kernel [inputs, outputs] with ones where `nonzero(k, o)`, zeros elsewhere. */
function kernel(inputs: number, outputs: number, nonzero: (k: number, o: number) => boolean): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: inputs * outputs }, (_, i) => (nonzero(Math.floor(i / outputs), i % outputs) ? 1 + (i % 5) / 10 : 0)), [inputs, outputs]);
}

/** One Dense per format, each with a zero pattern that 'auto' must recognise. */
function knownModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      L.dense({ inputShape: [8], units: 4, name: 'scattered' }),
      L.dense({ units: 8, name: 'rows_of_four', activation: 'relu' }),
      L.dense({ units: 4, name: 'columns_of_four' }),
      L.dropout({ rate: 0.3, name: 'drop' }),
      L.dense({ units: 3, name: 'full' }),
      L.activation({ activation: 'softmax', name: 'probabilities' }),
    ],
  });
  const set = (name: string, k: tf.Tensor) => {
    const layer = model.getLayer(name);
    const bias = tf.zeros([k.shape[1]!]);
    layer.setWeights([k, bias]);
    tf.dispose([k, bias]);
  };
  const diagonal = new Set(['0,0', '3,1', '5,2', '7,3']);
  set('scattered', kernel(8, 4, (k, o) => diagonal.has(`${k},${o}`)));
  set('rows_of_four', kernel(4, 8, (k, o) => (k === 0 && o < 4) || (k === 2 && o >= 4)));
  set('columns_of_four', kernel(8, 4, (k, o) => (o === 0 && k < 4) || (o === 3 && k >= 4)));
  set('full', kernel(4, 3, () => true));
  return model;
}

describe('the report', () => {
  it('says, per layer, what runs where, in which format, at which exact sparsity', async () => {
    const model = knownModel();
    const sparse = await sparsify(model);
    expect(sparse.report).toStrictEqual({
      layers: [
        { name: 'scattered', className: 'Dense', runs: 'sparse', format: 'csr', sparsity: 28 / 32 },
        { name: 'rows_of_four', className: 'Dense', runs: 'sparse', format: 'block1x4', sparsity: 24 / 32 },
        { name: 'columns_of_four', className: 'Dense', runs: 'sparse', format: 'block4x1', sparsity: 24 / 32 },
        { name: 'drop', className: 'Dropout', runs: 'own' },
        { name: 'full', className: 'Dense', runs: 'dense-kernel', format: 'dense', sparsity: 0 },
        { name: 'probabilities', className: 'Activation', runs: 'own' },
      ],
      ownRuntime: true,
      kernels: 'wasm',
    });
    expect(formatSparsifyReport(sparse.report)).toBe(
      [
        'layer            class       runs          format    sparsity  note',
        '---------------  ----------  ------------  --------  --------  ----',
        'scattered        Dense       sparse        csr       87.50%',
        'rows_of_four     Dense       sparse        block1x4  75.00%',
        'columns_of_four  Dense       sparse        block4x1  75.00%',
        'drop             Dropout     own',
        'full             Dense       dense-kernel  dense     0.00%',
        'probabilities    Activation  own',
        '',
        'whole model in the wasm runtime (no tfjs ops per layer)',
      ].join('\n'),
    );
    sparse.dispose();
    model.dispose();
  });

  it('a forced format applies at or above minSparsity; below it the layer runs dense', async () => {
    const model = knownModel();
    const sparse = await sparsify(model, { format: 'csr', minSparsity: 0.8, kernels: 'js' });
    expect(sparse.report.layers.filter((l) => l.className === 'Dense').map((l) => [l.name, l.format])).toStrictEqual([
      ['scattered', 'csr'],
      ['rows_of_four', 'dense'],
      ['columns_of_four', 'dense'],
      ['full', 'dense'],
    ]);
    expect(sparse.report.kernels).toBe('js');
    sparse.dispose();
    model.dispose();
  });

  it('names the layers that run as tfjs ops and why', async () => {
    const model = tfl.sequential({
      layers: [L.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, name: 'conv' }), L.flatten({ name: 'flat' }), L.dense({ units: 2, name: 'fc' })],
    });
    const sparse = await sparsify(model, { minSparsity: 1 });
    expect(formatSparsifyReport(sparse.report)).toBe(
      [
        'layer  class    runs          format  sparsity  note',
        '-----  -------  ------------  ------  --------  -----------------------',
        'conv   Conv2D   tfjs                            kernel [3,3] is not 1x1',
        'flat   Flatten  own',
        'fc     Dense    dense-kernel  dense   0.00%',
        '',
        'mixed: 1 layer(s) run as tfjs ops; the rest on wasm kernels',
      ].join('\n'),
    );
    sparse.dispose();
    model.dispose();
  });
});
