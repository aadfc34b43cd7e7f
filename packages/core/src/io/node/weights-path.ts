import path from 'node:path';
import { ModelFileError } from '../model-file-error.js';

/**
 * Resolves a weights path from a manifest against the model.json directory. A model.json is
 * data that may come from anywhere, so paths that would read outside that directory (`../x`,
 * absolute paths) are refused rather than followed.
 */
export function resolveWeightsPath(
  jsonPath: string,
  pointer: string,
  relative: unknown,
): string {
  const dir = path.dirname(jsonPath);
  if (typeof relative !== 'string' || relative === '') {
    throw new ModelFileError(
      jsonPath,
      `${pointer} must be a non-empty file name (got ${JSON.stringify(relative)})`,
    );
  }
  const resolved = path.resolve(dir, relative);
  const inside = path.relative(path.resolve(dir), resolved);
  const escapes =
    path.isAbsolute(relative) ||
    path.win32.isAbsolute(relative) ||
    inside === '' ||
    inside === '..' ||
    inside.startsWith(`..${path.sep}`) ||
    path.isAbsolute(inside);
  if (escapes) {
    throw new ModelFileError(
      jsonPath,
      `${pointer} '${relative}' points outside ${dir}; ` +
        'weight paths must be relative file names inside the model directory',
    );
  }
  return resolved;
}
