// The one import site of the MAC counter: swap to `export { countMacs } from '@tfjs-prune/core';` once merged.
export { countMacs } from './count-macs-stub.js';
