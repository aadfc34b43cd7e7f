import { loadCsv } from './data/load-csv.js';
import { loadData, parseDataOption } from './data/data-option.js';
import type { Split } from './data/dataset.js';
import { usageError } from './cli-error.js';

/** Training samples as flat features plus class labels, whatever file they came from. */
export interface LabelledSplit {
  readonly features: Float32Array;
  readonly featuresPerSample: number;
  readonly labels: ArrayLike<number>;
  readonly count: number;
}

export interface LabelledData {
  readonly train: LabelledSplit;
  /** Held-out samples to report accuracy on; CSV files have none. */
  readonly test?: LabelledSplit;
  readonly source: string;
}

export interface DataSourceOptions {
  /** The CSV label column. Defaults to "label". */
  readonly label?: string;
  readonly trainSize?: number;
  readonly testSize?: number;
}

const ACCEPTED = '"mnist" (the bundled digits), "idx:<dir>" (MNIST-style IDX files) or "csv:<file>" (a header row and a label column)';

/** Reads `--data`: `mnist`, `idx:<dir>`, `csv:<file>` (or any path ending in `.csv`). */
export function loadLabelledData(source: string, options: DataSourceOptions = {}): LabelledData {
  const csvPath = source.startsWith('csv:') ? source.slice('csv:'.length) : source.endsWith('.csv') ? source : undefined;
  if (csvPath !== undefined) {
    if (csvPath.trim() === '') throw usageError(`--data "${source}" names no file: expected ${ACCEPTED}`);
    const table = loadCsv(csvPath, options.label);
    return {
      train: { features: table.features, featuresPerSample: table.featureNames.length, labels: table.labels, count: table.count },
      source: table.source,
    };
  }
  if (source !== 'mnist' && !source.startsWith('idx:')) throw usageError(`--data "${source}" is not recognised: expected ${ACCEPTED}`);
  let option;
  try {
    option = parseDataOption(source);
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  const data = loadData(option, { trainSize: options.trainSize, testSize: options.testSize });
  return { train: fromSplit(data.train), test: fromSplit(data.test), source: data.source };
}

function fromSplit(split: Split): LabelledSplit {
  const [rows, cols] = split.imageShape;
  return { features: split.images, featuresPerSample: rows * cols, labels: split.labels, count: split.count };
}
