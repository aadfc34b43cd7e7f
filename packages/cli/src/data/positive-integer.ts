import { DataOptionError } from './data-option-error.js';
/** Checks a size option; `where` prefixes the message (`loadMnist: trainSize must be ...`). */
export function positiveInteger(where: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new DataOptionError(`${where}: ${name} must be a positive integer (got ${String(value)})`);
  }
  return value;
}
