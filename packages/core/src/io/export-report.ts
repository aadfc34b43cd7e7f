/** One weight as written by exportModel. */
export interface ExportedWeight {
  /** Name in model.json, e.g. `dense_Dense1/kernel`. */
  readonly name: string;
  readonly shape: readonly number[];
  /** Number of values. */
  readonly count: number;
  /** Values exactly 0 in the model's weights (before any quantization). */
  readonly zeros: number;
  /** Bytes in weights.bin (after quantization). */
  readonly bytes: number;
  /** gzip size of this weight's bytes alone. */
  readonly gzipBytes: number;
}

export interface ExportedLayer {
  readonly layer: string;
  readonly weights: readonly ExportedWeight[];
  readonly bytes: number;
  /** Sum of the weights' gzip sizes; gzipping them together is usually a little smaller. */
  readonly gzipBytes: number;
  /** zeros / count over all of the layer's weights, biases included. */
  readonly sparsity: number;
}

/** What exportModel wrote and how much pruning and quantization saved. */
export interface ExportReport {
  /** The directory, URL or "IO handler" written to. */
  readonly destination: string;
  /** Paths of the files written (model.json and weights.bin) when the destination is a directory; else empty. */
  readonly files: readonly string[];
  readonly quantize: 'none' | 'float16' | 'uint8';
  /** Size of weights.bin. */
  readonly weightsBytes: number;
  /** Size of weights.bin after gzip. */
  readonly weightsGzipBytes: number;
  /** Size weights.bin would have as a plain float32 export; pruning alone does not change it. */
  readonly denseFloat32Bytes: number;
  /** Only layers that have weights, in model order. */
  readonly layers: readonly ExportedLayer[];
  readonly totals: { readonly params: number; readonly zeros: number; readonly sparsity: number };
  /** denseFloat32Bytes / weightsBytes: how many times smaller the raw file is (quantization). */
  readonly ratioRawVsDense: number;
  /** denseFloat32Bytes / weightsGzipBytes: how many times smaller the download is. */
  readonly ratioGzipVsDense: number;
}
