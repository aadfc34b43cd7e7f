import fc from 'fast-check';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, it } from 'vitest';

import './support/cpu-backend.js';
import { expectEquivalentCompaction } from './support/equivalence.js';
import { seedWeights } from './support/seeded.js';

const L = tfl.layers;
const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

type Block = { kind: 'conv' | 'residual' | 'concat'; filters: number };

/** A chain of blocks: conv-BN-ReLU, a residual pair added to its input, or two convs concatenated. */
function build(blocks: readonly Block[]): tfl.LayersModel {
  const x = tfl.input({ shape: [5, 5, 2], name: 'x' });
  let h = apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'stem' }), x);
  let channels = 4;
  blocks.forEach((block, i) => {
    const conv = (filters: number, name: string) => L.conv2d({ filters, kernelSize: 3, padding: 'same', name: `${name}${i}` });
    if (block.kind === 'conv') {
      h = apply(L.reLU({ name: `relu${i}` }), apply(L.batchNormalization({ name: `bn${i}` }), apply(conv(block.filters, 'conv'), h)));
      channels = block.filters;
    } else if (block.kind === 'residual') {
      const inner = apply(L.reLU({ name: `rrelu${i}` }), apply(conv(block.filters, 'ra'), h));
      h = apply(L.add({ name: `add${i}` }), [h, apply(L.batchNormalization({ name: `rbn${i}` }), apply(conv(channels, 'rb'), inner))]);
    } else {
      h = apply(L.concatenate({ name: `cat${i}` }), [apply(conv(block.filters, 'ca'), h), apply(conv(2, 'cb'), h)]);
      channels = block.filters + 2;
    }
  });
  return tfl.model({ inputs: x, outputs: apply(L.dense({ units: 2, name: 'logits' }), apply(L.globalAveragePooling2d({ name: 'gap' }), h)) });
}

describe('compact: random small graphs', () => {
  /** Any chain of the three block kinds, at any sparsity, compacts to the pruned model's predictions. */
  it('chains, residual blocks and concatenations stay equivalent', async () => {
    const block = fc.record({ kind: fc.constantFrom('conv' as const, 'residual' as const, 'concat' as const), filters: fc.integer({ min: 2, max: 5 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 3 }), fc.constantFrom(0.25, 0.5, 0.75), fc.integer({ min: 1, max: 1000 }), async (blocks, sparsity, seed) => {
        const model = build(blocks);
        seedWeights(model, seed);
        const { compacted } = await expectEquivalentCompaction(model, sparsity);
        compacted.dispose();
        model.dispose();
      }),
      { numRuns: 8, seed: 42 },
    );
  });
});
