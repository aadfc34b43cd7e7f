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
 * gives it: with its value as `data` and its `parentSchema`, of which it keeps what messages read
 * (`messageSchema` in scripts/validator-source.mjs). The validator is compiled when the package is
 * built, so nothing here generates code and it runs under a Content Security Policy without
 * 'unsafe-eval'; its errors leave out these two fields, because both follow from their paths.
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
