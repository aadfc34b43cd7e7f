import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** A step's gradients by variable name (`variable.name`), whichever form the optimizer got them in. */
export type GradientMap = ReadonlyMap<string, tf.Tensor>;

/** `applyGradients` takes a NamedTensorMap keyed by variable name or an array of {name, tensor}. */
export function gradientMap(gradients: Gradients): GradientMap {
  if (Array.isArray(gradients)) return new Map(gradients.map(({ name, tensor }) => [name, tensor]));
  return new Map(Object.entries(gradients as tf.NamedTensorMap));
}
type ApplyGradients = (this: tf.Optimizer, gradients: Gradients) => void;
type Compile = (this: tfl.LayersModel, args: tfl.ModelCompileArgs) => void;

/**
 * Runs `afterStep` right after every optimizer step of `model` (and `beforeStep`, when given,
 * right before it, with the step's gradients while the weights still hold their pre-step
 * values), whoever triggers the step:
 * `fit`, `fitDataset`, `trainOnBatch` or a custom loop calling `optimizer.minimize`. All of them
 * end in `optimizer.applyGradients`, so that is what is wrapped (on the instance, not the
 * prototype). Callback hooks are not enough: tfjs validates after the last batch before
 * `onBatchEnd`, and other callbacks may run before ours.
 *
 * `model.compile` is wrapped too, so a recompile with a new optimizer moves the hook with it.
 */
export class OptimizerHook {
  private optimizer: tf.Optimizer | undefined;
  private restoreOptimizer: (() => void) | undefined;
  private restoreCompile: (() => void) | undefined;
  private attached = false;

  constructor(
    private readonly model: tfl.LayersModel,
    private readonly afterStep: (gradients: Gradients) => void,
    private readonly beforeStep?: ((gradients: GradientMap) => void) | undefined,
  ) {}

  get isAttached(): boolean {
    return this.attached;
  }

  /** The optimizer currently hooked, if the model is compiled. */
  get hookedOptimizer(): tf.Optimizer | undefined {
    return this.optimizer;
  }

  attach(): void {
    if (this.attached) return;
    this.attached = true;
    const hook = this;
    this.restoreCompile = wrapMethod(this.model, 'compile', (original: Compile) =>
      function (this: tfl.LayersModel, args: tfl.ModelCompileArgs) {
        original.call(this, args);
        hook.follow();
      },
    );
    this.follow();
  }

  /** Moves the hook to the model's current optimizer if it changed. */
  follow(): void {
    if (!this.attached) return;
    const current = this.model.optimizer as tf.Optimizer | undefined;
    if (current === this.optimizer) return;
    this.restoreOptimizer?.();
    this.restoreOptimizer = undefined;
    this.optimizer = current;
    if (current === undefined || current === null) return;
    const { afterStep, beforeStep } = this;
    this.restoreOptimizer = wrapMethod(current, 'applyGradients', (original: ApplyGradients) =>
      function (this: tf.Optimizer, gradients: Gradients) {
        beforeStep?.(gradientMap(gradients));
        original.call(this, gradients);
        afterStep(gradients);
      },
    );
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.restoreOptimizer?.();
    this.restoreCompile?.();
    this.restoreOptimizer = undefined;
    this.restoreCompile = undefined;
    this.optimizer = undefined;
  }
}

/**
 * Replaces `object[key]` with `wrap(original)` and returns an undo. If something wrapped the
 * method again after us, undoing cannot unwrap it without dropping theirs; our wrapper then
 * just stops acting and calls straight through.
 */
function wrapMethod<T extends object, F extends (...args: never[]) => unknown>(
  object: T,
  key: string,
  wrap: (original: F) => F,
): () => void {
  const target = object as Record<string, unknown>;
  const hadOwn = Object.prototype.hasOwnProperty.call(target, key);
  const original = target[key] as F;
  let active = true;
  const wrapped = wrap(original);
  const guarded = function (this: unknown, ...args: Parameters<F>): unknown {
    return active ? wrapped.apply(this, args) : original.apply(this, args);
  };
  target[key] = guarded;
  return () => {
    active = false;
    if (target[key] !== guarded) return;
    if (hadOwn) target[key] = original;
    else delete target[key];
  };
}
