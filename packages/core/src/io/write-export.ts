import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { concatBytes } from './concat-bytes.js';
import { ExportError } from './export-error.js';
import type { ExportedLayer, ExportReport } from './export-report.js';
import { encodeExportWeights, type EncodedWeight, type Quantization } from './export-weights.js';
import type { GzipSizer } from './gzip-size.js';
import { type ExportDestination, saveHandlerFor } from './save-destination.js';
import { saveToMemory } from './save-to-memory.js';

/** Where the report says the model went. */
export interface ExportTarget {
  readonly destination: string;
  readonly files: readonly string[];
}

export function checkQuantize(q: unknown): Quantization {
  if (q === undefined) return 'none';
  if (q === 'float16' || q === 'uint8') return q;
  throw new ExportError(
    'EXPORT_QUANTIZE',
    `exportModel: options.quantize must be 'float16' or 'uint8' (got ${JSON.stringify(q)})`,
  );
}

/** exportModel to a URL or an IO handler: what the browser and Node entries share. */
export function exportToHandler(
  model: tfl.LayersModel,
  destination: ExportDestination,
  quantize: Quantization,
  gzipSize: GzipSizer,
): Promise<ExportReport> {
  const described = typeof destination === 'string' ? destination : 'IO handler';
  return writeExport(model, saveHandlerFor(destination), { destination: described, files: [] }, quantize, gzipSize);
}

/**
 * The body of exportModel once the destination is a handler: capture the artifacts in memory,
 * re-encode the weights, hand them to the handler, and measure.
 */
export async function writeExport(
  model: tfl.LayersModel,
  handler: tf.io.IOHandler,
  target: ExportTarget,
  quantize: Quantization,
  gzipSize: GzipSizer,
): Promise<ExportReport> {
  const artifacts = await saveToMemory(model);
  const dense = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
  const encoded = encodeExportWeights(artifacts.weightSpecs ?? [], dense, quantize);
  const weights = concatBytes(encoded.map((w) => w.bytes));
  const result = await (handler.save as NonNullable<tf.io.IOHandler['save']>)({
    ...artifacts,
    weightSpecs: encoded.map((w) => w.spec),
    weightData: weights.buffer,
  });
  if (result.errors !== undefined && result.errors.length > 0) {
    throw new ExportError(
      'EXPORT_SAVE',
      `exportModel: saving to ${target.destination} failed: ${result.errors.map(String).join('; ')}`,
    );
  }

  const params = sum(encoded.map((w) => w.count));
  const zeros = sum(encoded.map((w) => w.zeros));
  const weightsGzipBytes = await gzipSize(weights);
  return {
    destination: target.destination,
    files: target.files,
    quantize,
    weightsBytes: weights.byteLength,
    weightsGzipBytes,
    denseFloat32Bytes: dense.byteLength,
    layers: await groupByLayer(model, encoded, gzipSize),
    totals: { params, zeros, sparsity: params === 0 ? 0 : zeros / params },
    ratioRawVsDense: weights.byteLength === 0 ? 1 : dense.byteLength / weights.byteLength,
    ratioGzipVsDense: dense.byteLength / weightsGzipBytes,
  };
}

async function groupByLayer(
  model: tfl.LayersModel,
  encoded: readonly EncodedWeight[],
  gzipSize: GzipSizer,
): Promise<ExportedLayer[]> {
  const owner = new Map<string, string>();
  for (const layer of model.layers) {
    for (const w of layer.weights) if (!owner.has(w.originalName)) owner.set(w.originalName, layer.name);
  }
  const byLayer = new Map<string, EncodedWeight[]>();
  for (const w of encoded) {
    const name = owner.get(w.spec.name) ?? w.spec.name.replace(/\/[^/]*$/, '');
    byLayer.set(name, [...(byLayer.get(name) ?? []), w]);
  }
  const layers: ExportedLayer[] = [];
  for (const [layer, ws] of byLayer) {
    const weights = [];
    for (const w of ws) {
      weights.push({
        name: w.spec.name,
        shape: w.spec.shape,
        count: w.count,
        zeros: w.zeros,
        bytes: w.bytes.byteLength,
        gzipBytes: await gzipSize(w.bytes),
      });
    }
    const count = sum(weights.map((w) => w.count));
    layers.push({
      layer,
      weights,
      bytes: sum(weights.map((w) => w.bytes)),
      gzipBytes: sum(weights.map((w) => w.gzipBytes)),
      sparsity: count === 0 ? 0 : sum(weights.map((w) => w.zeros)) / count,
    });
  }
  return layers;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
