import { readFileSync } from 'node:fs';

import { DataFileError } from './data-file-error.js';

/** Rows of numeric features with an integer class label, as read from a CSV file. */
export interface TabularData {
  /** `count * featureNames.length` floats, row-major. */
  readonly features: Float32Array;
  /** Class indices 0, 1, 2, ... */
  readonly labels: Int32Array;
  readonly count: number;
  readonly featureNames: readonly string[];
  readonly source: string;
}

/**
 * Reads a comma-separated file with a header row: the `label` column holds integer classes
 * (0-based), every other column a number. Quoted fields, other separators and missing values
 * are refused with the line and column named, rather than guessed at: a silently misread column
 * would train a wrong model.
 */
export function loadCsv(path: string, labelColumn = 'label'): TabularData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataFileError(path, `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((name) => name.trim());
  if (lines.length < 2) throw new DataFileError(path, 'expected a header row and at least one data row');
  const labelAt = header.indexOf(labelColumn);
  if (labelAt === -1) {
    throw new DataFileError(path, `has no "${labelColumn}" column (columns: ${header.join(', ')}); name the label column with --label <name>`);
  }
  const featureNames = header.filter((_, i) => i !== labelAt);
  if (featureNames.length === 0) throw new DataFileError(path, 'has a label column but no feature columns');
  const count = lines.length - 1;
  const features = new Float32Array(count * featureNames.length);
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const lineNumber = row + 2;
    const cells = (lines[row + 1] ?? '').split(',');
    if (cells.length !== header.length) {
      throw new DataFileError(path, `line ${lineNumber} has ${cells.length} fields, expected ${header.length} like the header`);
    }
    let f = 0;
    cells.forEach((cell, col) => {
      const value = Number(cell.trim());
      if (cell.trim() === '' || !Number.isFinite(value)) {
        throw new DataFileError(path, `line ${lineNumber}, column "${header[col] ?? col}": expected a number (got ${JSON.stringify(cell)})`);
      }
      if (col === labelAt) {
        if (!Number.isInteger(value) || value < 0) {
          throw new DataFileError(path, `line ${lineNumber}, column "${labelColumn}": expected a class index 0, 1, 2, ... (got ${JSON.stringify(cell)})`);
        }
        labels[row] = value;
      } else {
        features[row * featureNames.length + f++] = value;
      }
    });
  }
  return { features, labels, count, featureNames, source: `csv:${path}` };
}
