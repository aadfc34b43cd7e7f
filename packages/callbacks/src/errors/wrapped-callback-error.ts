import { TfjsPruneError } from '@tfjs-prune/errors';

/**
 * `fit` gave the PruningCallback no model: tfjs wraps every callback in a `CustomCallback` (which
 * never receives the model) when the first entry of `callbacks` is a plain object, so the model
 * must come from `attach` instead.
 */
export class WrappedCallbackError extends TfjsPruneError<'CALLBACK_WITHOUT_MODEL'> {
  override readonly name = 'WrappedCallbackError';

  constructor() {
    super(
      'CALLBACK_WITHOUT_MODEL',
      'PruningCallback got no model from fit: the first entry of `callbacks` is a plain object (like { onEpochEnd }), ' +
        'so tfjs wrapped every callback, this one too, in a tf.CustomCallback that never receives the model. ' +
        'Either wrap the plain object yourself (callbacks: [new tf.CustomCallback({ onEpochEnd }), pruning]) ' +
        'or call pruning.attach(model) before fit. Putting pruning first is not enough: tfjs then fails on the plain object ' +
        '("callback.setParams is not a function").',
    );
  }
}
