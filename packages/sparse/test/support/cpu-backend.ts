// Tests run on the pure-JS cpu backend: deterministic, no native binary.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();

export { tf };
