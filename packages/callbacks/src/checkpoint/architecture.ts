import type * as tfl from '@tensorflow/tfjs-layers';
import { walkLayers } from '@tfjs-prune/core/internal';

/**
 * The model's architecture as a checkpoint sees it: layer classes and weight shapes, in order.
 * Names are left out on purpose: tfjs numbers auto-generated names per process (`dense_Dense3`),
 * so the same model built in a new process would otherwise look like another model.
 */
export function architectureOf(model: tfl.LayersModel): string[] {
  // Input layers carry no weights, and a Sequential lists none while the functional model it
  // trains through (and that a checkpoint reloads as) lists one.
  return walkLayers(model)
    .filter(({ layer }) => layer.getClassName() !== 'InputLayer')
    .map(({ layer }) => {
      const shapes = layer.weights.map((w) => w.shape.join('x')).join(',');
      return `${layer.getClassName()}(${shapes})`;
    });
}

/** The first layer where two architectures differ, for error messages; undefined when equal. */
export function firstDifference(expected: readonly string[], actual: readonly string[]): string | undefined {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      return `layer ${i} is ${actual[i] ?? '(missing)'} here but ${expected[i] ?? '(missing)'} in the checkpoint`;
    }
  }
  return undefined;
}
