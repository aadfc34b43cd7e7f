import type { ErrorObject } from 'ajv';
import { compiledSchema, validate } from './compiled-config-schema.js';

/** What ajv's standalone code exports: a function that leaves its errors on itself. */
interface CompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const compiled = validate as unknown as CompiledValidator;

/**
 * The config schema's errors for `value`, none when it is valid, each as ajv's `verbose` option
 * gives it: with its `parentSchema` and its value as `data`. The validator is compiled when the
 * package is built (see scripts/validator-source.mjs), so nothing here generates code and it runs
 * under a Content Security Policy without 'unsafe-eval'; the build strips those two fields from
 * its errors, because both follow from the error's paths.
 */
export function configShapeErrors(value: unknown): ErrorObject[] {
  if (compiled(value)) return [];
  return (compiled.errors ?? []).map((error) => ({
    ...error,
    // A schema path is a URI fragment ending in the keyword, escaped as a JSON pointer then as a URI.
    parentSchema: at(compiledSchema, error.schemaPath.split('/').slice(1, -1).map(decodeURIComponent)) as object,
    data: at(value, error.instancePath.split('/').slice(1)),
  }));
}

function at(root: unknown, pointer: readonly string[]): unknown {
  return pointer.reduce(
    (node: unknown, key) => (node as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')],
    root,
  );
}
