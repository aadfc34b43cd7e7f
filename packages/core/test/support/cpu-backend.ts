// Tests run on the pure-JS cpu backend: it is deterministic and needs no native binary.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

// PROD silences tfjs's "install tfjs-node" banner without IS_TEST's kernel leak checks, which
// flag tfjs's own softmaxCrossEntropy.
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();

export { tf };
