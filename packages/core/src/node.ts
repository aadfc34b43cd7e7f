// `@tfjs-prune/core/node`: the pieces that need Node's file system or zlib. The main entry
// imports no `node:` module, so it bundles for browsers as it is.
export * from './io/node/index.js';
export { ModelFileError } from './io/model-file-error.js';
