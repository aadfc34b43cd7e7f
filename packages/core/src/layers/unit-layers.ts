import { prunableLayerClasses, prunableLayerSpec } from './prunable-layer-registry.js';

/**
 * The registered layers with whole output units, for messages: `Dense, Conv2D, ...,
 * SeparableConv2D (pointwise_kernel)`. A layer is named alone when all its prunable weights
 * have units, and with the weights that do otherwise. Read from the registry, so the rule of
 * which layers "structured" applies to is stated once (as each weight's `unitAxis`).
 */
export function describeUnitLayers(): string {
  const parts: string[] = [];
  for (const className of prunableLayerClasses()) {
    const weights = prunableLayerSpec(className)?.weights ?? [];
    const withUnits = weights.filter((w) => w.unitAxis !== undefined).map((w) => w.name);
    if (withUnits.length === 0) continue;
    parts.push(withUnits.length === weights.length ? className : `${className} (${withUnits.join(', ')})`);
  }
  return parts.length === 0 ? '(no registered layer)' : parts.join(', ');
}
