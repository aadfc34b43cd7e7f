import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { ExportError, exportModel, gzipSize } from '../../src/io/index.js';
import { exportModel as exportModelNode, gzipSizeSync } from '../../src/node.js';
import { seededRandom, setWeights, smallConvModel, useTempDirs } from './fixtures.js';

const tempDir = useTempDirs();

/** A save handler that keeps what it was given, as IndexedDB or an upload would. */
function memoryHandler(): { handler: tf.io.IOHandler; saved: tf.io.ModelArtifacts[] } {
  const saved: tf.io.ModelArtifacts[] = [];
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    saved.push(artifacts);
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
  return { handler, saved };
}

function halfPruned(): tfl.Sequential {
  const model = smallConvModel();
  const random = seededRandom(7);
  setWeights(model, () => (random() < 0.5 ? 0 : random() * 2 - 1));
  return model;
}

describe('exportModel (browser entry)', () => {
  it('hands the handler weights quantized in memory, which stock tfjs loads back', async () => {
    const model = halfPruned();
    const { handler, saved } = memoryHandler();

    const report = await exportModel(model, handler, { quantize: 'uint8' });

    expect(saved).toHaveLength(1);
    const artifacts = saved[0] as tf.io.ModelArtifacts;
    expect(artifacts.weightSpecs?.map((s) => s.quantization?.dtype)).toEqual(['uint8', 'uint8', 'uint8', 'uint8']);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(model.countParams());
    expect(report).toMatchObject({ destination: 'IO handler', files: [], quantize: 'uint8', weightsBytes: model.countParams() });

    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const x = tf.ones([1, 6, 6, 2]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    // uint8 moves each weight by at most scale/2; the outputs stay close, and no zero moved.
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b)))).dataSync()[0]).toBeLessThan(0.1);
    tf.dispose([x, a, b]);
    loaded.dispose();
    model.dispose();
  });

  /** Browsers get gzip sizes from CompressionStream, Node from zlib: the report must not differ. */
  it('reports exactly what the Node entry reports for the same model', async () => {
    const model = halfPruned();
    const inBrowser = await exportModel(model, memoryHandler().handler, { quantize: 'float16' });
    const dir = await tempDir();
    const inNode = await exportModelNode(model, dir, { quantize: 'float16' });
    expect({ ...inBrowser, destination: dir, files: inNode.files }).toEqual(inNode);
    model.dispose();
  });

  it('gzipSize (CompressionStream) equals zlib byte for byte', async () => {
    const random = seededRandom(1);
    const buffers = [
      new Uint8Array(0),
      new Uint8Array(10_000),
      Uint8Array.from({ length: 50_000 }, () => (random() < 0.9 ? 0 : Math.floor(random() * 256))),
      Uint8Array.from({ length: 3_000 }, () => Math.floor(random() * 256)),
    ];
    for (const bytes of buffers) expect(await gzipSize(bytes)).toBe(gzipSizeSync(bytes));
  });

  it('saves through the tfjs router that claims a URL', async () => {
    const { handler, saved } = memoryHandler();
    const router = ((url: string | string[]) =>
      typeof url === 'string' && url.startsWith('test-memory://') ? handler : null) as Parameters<typeof tf.io.registerSaveRouter>[0];
    tf.io.registerSaveRouter(router);
    const model = halfPruned();

    const report = await exportModel(model, 'test-memory://pruned');
    const fromNode = await exportModelNode(model, 'test-memory://again');

    expect(saved).toHaveLength(2);
    expect(report).toMatchObject({ destination: 'test-memory://pruned', files: [] });
    expect(fromNode).toMatchObject({ destination: 'test-memory://again', files: [] });
    model.dispose();
  });

  it('names the URLs it understands when no handler claims one', async () => {
    const model = halfPruned();
    const error = await exportModel(model, 'out/model').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect(error).toMatchObject({
      code: 'EXPORT_DESTINATION',
      message:
        "exportModel: no tfjs IO handler saves to 'out/model'; expected a URL such as " +
        "'indexeddb://name', 'localstorage://name', 'downloads://name' or 'https://host/path' " +
        "(in the browser), or a directory with exportModel from '@tfjs-prune/core/node' (in Node)",
    });
    const notAHandler = { load: async () => ({}) } as unknown as tf.io.IOHandler;
    await expect(exportModel(model, notAHandler)).rejects.toMatchObject({
      code: 'EXPORT_DESTINATION',
      message: 'exportModel: the destination must be a URL string or a tfjs IO handler with a save() method',
    });
    model.dispose();
  });

  it('refuses a save the handler reports as failed', async () => {
    const model = halfPruned();
    const failing = tf.io.withSaveHandler(async () => ({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      errors: ['quota exceeded'],
    }));
    await expect(exportModel(model, failing)).rejects.toMatchObject({
      code: 'EXPORT_SAVE',
      message: 'exportModel: saving to IO handler failed: quota exceeded',
    });
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = halfPruned();
    const start = tf.memory().numTensors;
    for (const quantize of ['float16', 'uint8', undefined] as const) {
      await exportModel(model, memoryHandler().handler, quantize ? { quantize } : {});
    }
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});
