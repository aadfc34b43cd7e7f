import { TfjsPruneError } from '@tfjs-prune/errors';

export type ExportErrorCode =
  /** `options.quantize` is not one of the supported values. */
  | 'EXPORT_QUANTIZE'
  /** The destination is neither an IO handler with `save` nor a URL tfjs has a handler for. */
  | 'EXPORT_DESTINATION'
  /** The model's weights cannot be exported as they are (strings, already quantized, sizes). */
  | 'EXPORT_WEIGHTS'
  /** The IO handler reported that saving failed. */
  | 'EXPORT_SAVE'
  /** A weight value has no representation in the chosen quantization (NaN, ±Infinity, beyond ±65504 for float16). */
  | 'EXPORT_UNQUANTIZABLE';

/** Everything exportModel refuses, with the reason in the message and the kind in `code`. */
export class ExportError extends TfjsPruneError<ExportErrorCode> {
  override readonly name = 'ExportError';
}
