import { TfjsPruneError } from '@tfjs-prune/errors';

export type LayerRegistryErrorCode =
  /** A handler given to registerLayer is malformed (no weights, bad unit axis, ...). */
  | 'INVALID_LAYER_SPEC'
  /** The class is a built-in: its handler is replaced only with { override: true }, and never removed. */
  | 'BUILTIN_LAYER_CLASS'
  /** The class was registered before: pass { override: true }, or unregisterLayer it first. */
  | 'LAYER_CLASS_REGISTERED'
  /** unregisterLayer was asked for a class nobody registered. */
  | 'LAYER_CLASS_UNKNOWN'
  /** What was given as a model is not a tf.LayersModel. */
  | 'NOT_A_LAYERS_MODEL';

/** Thrown by the layer table (registerLayer) and by the functions that walk a model's layers. */
export class LayerRegistryError extends TfjsPruneError<LayerRegistryErrorCode> {
  override readonly name = 'LayerRegistryError';
}
