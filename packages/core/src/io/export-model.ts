import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import path from 'node:path';
import type { ExportedLayer, ExportReport } from './export-report.js';
import { encodeExportWeights, type EncodedWeight } from './export-weights.js';
import { concatBytes } from './concat-bytes.js';
import { saveModelFiles } from './file-system.js';
import { formatExportReport } from './format-export-report.js';
import { gzipSize } from './gzip-size.js';
import { MODEL_JSON, WEIGHTS_BIN } from './layout.js';

export interface ExportModelOptions {
  /**
   * Store float32 weights in fewer bits, in the form stock `tf.loadLayersModel` dequantizes:
   * 'float16' halves the size (about 3 significant digits); 'uint8' quarters it (256 levels
   * per weight, pruned zeros kept exactly 0). Defaults to no quantization.
   */
  readonly quantize?: 'float16' | 'uint8';
  /** Where the report table is printed. Defaults to `console.log`; `false` prints nothing. */
  readonly log?: ((line: string) => void) | false;
}

/**
 * Writes what users ship: the standard model.json + weights.bin that stock tfjs loads (in the
 * browser from a URL, in Node through fileSystem()), optionally quantized, and reports how much
 * pruning and quantization saved. Pruned weights are already zero in the model, so no masks are
 * involved here.
 *
 * @example
 * const report = await exportModel(model, 'dist/model', { quantize: 'uint8' });
 * // later, anywhere: await tf.loadLayersModel('https://example.com/model/model.json')
 */
export async function exportModel(
  model: tfl.LayersModel,
  dir: string,
  options: ExportModelOptions = {},
): Promise<ExportReport> {
  const quantize = checkQuantize(options.quantize);
  const artifacts = await captureArtifacts(model);
  const dense = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
  const encoded = encodeExportWeights(artifacts.weightSpecs ?? [], dense, quantize);
  const weights = concatBytes(encoded.map((w) => w.bytes));
  await saveModelFiles(dir, {
    ...artifacts,
    weightSpecs: encoded.map((w) => w.spec),
    weightData: weights.buffer,
  });

  const params = sum(encoded.map((w) => w.count));
  const zeros = sum(encoded.map((w) => w.zeros));
  const weightsGzipBytes = gzipSize(weights);
  const report: ExportReport = {
    dir,
    files: [path.join(dir, MODEL_JSON), path.join(dir, WEIGHTS_BIN)],
    quantize,
    weightsBytes: weights.byteLength,
    weightsGzipBytes,
    denseFloat32Bytes: dense.byteLength,
    layers: groupByLayer(model, encoded),
    totals: { params, zeros, sparsity: params === 0 ? 0 : zeros / params },
    ratioRawVsDense: weights.byteLength === 0 ? 1 : dense.byteLength / weights.byteLength,
    ratioGzipVsDense: dense.byteLength / weightsGzipBytes,
  };
  if (options.log !== false) (options.log ?? console.log)(formatExportReport(report));
  return report;
}

function checkQuantize(q: unknown): 'none' | 'float16' | 'uint8' {
  if (q === undefined) return 'none';
  if (q === 'float16' || q === 'uint8') return q;
  throw new Error(`exportModel: options.quantize must be 'float16' or 'uint8' (got ${JSON.stringify(q)})`);
}

/** model.save() into memory: the exact artifacts (topology, metadata, weights) tfjs would write. */
async function captureArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (captured === undefined) throw new Error('exportModel: model.save() produced no artifacts');
  return captured;
}

function groupByLayer(model: tfl.LayersModel, encoded: readonly EncodedWeight[]): ExportedLayer[] {
  const owner = new Map<string, string>();
  for (const layer of model.layers) {
    for (const w of layer.weights) if (!owner.has(w.originalName)) owner.set(w.originalName, layer.name);
  }
  const byLayer = new Map<string, EncodedWeight[]>();
  for (const w of encoded) {
    const name = owner.get(w.spec.name) ?? w.spec.name.replace(/\/[^/]*$/, '');
    byLayer.set(name, [...(byLayer.get(name) ?? []), w]);
  }
  return [...byLayer].map(([layer, ws]) => {
    const weights = ws.map((w) => ({
      name: w.spec.name,
      shape: w.spec.shape,
      count: w.count,
      zeros: w.zeros,
      bytes: w.bytes.byteLength,
      gzipBytes: gzipSize(w.bytes),
    }));
    const count = sum(weights.map((w) => w.count));
    return {
      layer,
      weights,
      bytes: sum(weights.map((w) => w.bytes)),
      gzipBytes: sum(weights.map((w) => w.gzipBytes)),
      sparsity: count === 0 ? 0 : sum(weights.map((w) => w.zeros)) / count,
    };
  });
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
