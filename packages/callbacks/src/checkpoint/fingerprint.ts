import { createHash } from 'node:crypto';

import type * as tfl from '@tensorflow/tfjs-layers';
import { walkLayers } from '@tfjs-prune/core';

/**
 * The model's architecture as the checkpoint sees it: layer classes and weight shapes, in order.
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

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON with object keys sorted, so equal values always hash equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The first layer where two architectures differ, for error messages. */
export function firstDifference(expected: readonly string[], actual: readonly string[]): string {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      return `layer ${i} is ${actual[i] ?? '(missing)'} here but ${expected[i] ?? '(missing)'} in the checkpoint`;
    }
  }
  return 'no difference';
}
