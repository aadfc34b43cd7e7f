import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { foldBatchNorm } from '@tfjs-prune/compact';
import { mobilenetMnist } from './dist/models/mobilenet-mnist.js';
import { resnetMnist } from './dist/models/resnet-mnist.js';
await tf.setBackend('cpu');
tf.env().set('PROD', true);
for (const make of [mobilenetMnist, resnetMnist]) {
const m = make(1, {});
const { model: f } = await foldBatchNorm(m);
const x = tf.randomNormal([64, 28, 28, 1]);
const time = (model) => { const s = performance.now(); const y = model.predict(x, { batchSize: 64 }); y.dataSync(); y.dispose(); return performance.now() - s; };
time(m); time(f);
const a = [], b = [];
for (let i = 0; i < 4; i++) { a.push(time(m)); b.push(time(f)); }
console.log(m.name, 'unfolded', a.map(v => v.toFixed(0)).join(' '), 'folded', b.map(v => v.toFixed(0)).join(' '));
}
// profile one conv with and without bias
const xx = tf.randomNormal([64, 14, 14, 64]);
const w = tf.randomNormal([1, 1, 64, 64]);
const bias = tf.randomNormal([64]);
const t = (fn) => { fn().dispose(); const s = performance.now(); for (let i = 0; i < 5; i++) { const y = fn(); y.dataSync(); y.dispose(); } return ((performance.now() - s) / 5).toFixed(1); };
console.log('conv', t(() => tf.conv2d(xx, w, 1, 'same')), 'fused conv+bias', t(() => tf.fused.conv2d({ x: xx, filter: w, strides: 1, pad: 'same', bias })), 'add bias', t(() => tf.add(xx, bias)), 'batchNorm', t(() => tf.batchNorm(xx, bias, bias, bias, bias, 0.001)));
