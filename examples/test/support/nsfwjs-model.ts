import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const require = createRequire(import.meta.url);

interface WeightsGroup {
  readonly paths: readonly string[];
  readonly weights: readonly tf.io.WeightsManifestEntry[];
}

/**
 * A Keras model as a user gets it: nsfwjs ships its MobileNetV2 (ZeroPadding2D, ReLU6,
 * DepthwiseConv2D, Add, uint8-quantized weights, 3.5 MB) and InceptionV3 (Concatenate) as
 * layers models inside the npm tarball, model.json and weight shards wrapped in CommonJS
 * modules (the JSON object, and each shard as base64).
 */
export async function loadNsfwjsModel(name: 'mobilenet_v2' | 'inception_v3'): Promise<tfl.LayersModel> {
  // The package's exports map names its entry only; the model files sit beside it in dist/.
  const folder = join(dirname(require.resolve('nsfwjs')), '..', 'models', name);
  const { modelTopology, weightsManifest } = require(join(folder, 'model.min.js')) as { modelTopology: object; weightsManifest: WeightsGroup[] };
  const shards = weightsManifest.flatMap((group) => group.paths.map((path) => Buffer.from(require(join(folder, `${path}.min.js`)) as string, 'base64')));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  const weightSpecs = weightsManifest.flatMap((group) => group.weights);
  return await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
}
