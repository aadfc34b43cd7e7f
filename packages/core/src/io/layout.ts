/**
 * File names of the standard layers-model layout. tfjs-node's `file://` handler uses the same
 * two names, so a directory we write can be served to browsers or loaded by tfjs-node unchanged.
 */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const LAYERS_MODEL_FORMAT = 'layers-model';
