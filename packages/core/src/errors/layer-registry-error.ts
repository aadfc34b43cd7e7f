import { TfjsPruneError } from '@tfjs-prune/errors';

export type LayerRegistryErrorCode =
  /** A spec given to registerPrunableLayer is malformed (no weights, bad unit axis, ...). */
  | 'INVALID_LAYER_SPEC'
  /** The class is one of the built-in prunable layers, whose entries cannot be replaced. */
  | 'BUILTIN_LAYER_CLASS'
  /** The class was registered before (unregister it first to change its spec). */
  | 'LAYER_CLASS_REGISTERED'
  /** unregisterPrunableLayer was asked for a class nobody registered. */
  | 'LAYER_CLASS_UNKNOWN'
  /** What was given as a model is not a tf.LayersModel. */
  | 'NOT_A_LAYERS_MODEL';

/** Thrown by the prunable-layer registry and by the functions that walk a model's layers. */
export class LayerRegistryError extends TfjsPruneError<LayerRegistryErrorCode> {
  override readonly name = 'LayerRegistryError';
}
