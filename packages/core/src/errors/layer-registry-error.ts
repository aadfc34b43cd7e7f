import { TfjsPruneError } from '@tfjs-prune/errors';

export type LayerRegistryErrorCode =
  /** A spec given to registerPrunableLayer is malformed (no weights, bad unit axis, ...). */
  | 'invalid-layer-spec'
  /** The class is one of the built-in prunable layers, whose entries cannot be replaced. */
  | 'builtin-layer-class'
  /** The class was registered before (unregister it first to change its spec). */
  | 'layer-class-registered'
  /** unregisterPrunableLayer was asked for a class nobody registered. */
  | 'layer-class-unknown'
  /** What was given as a model is not a tf.LayersModel. */
  | 'not-a-layers-model';

/** Thrown by the prunable-layer registry and by the functions that walk a model's layers. */
export class LayerRegistryError extends TfjsPruneError<LayerRegistryErrorCode> {
  override readonly name = 'LayerRegistryError';

  constructor(code: LayerRegistryErrorCode, message: string) {
    super(code, message);
  }
}
