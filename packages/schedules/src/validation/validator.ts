import type { ErrorObject } from 'ajv';
import { schemaErrors } from './schema-interpreter.js';
import { validationSchema } from './validation-schema.js';

/**
 * The config schema's errors for `value`, none when it is valid, each as ajv's `verbose` option
 * gives it (less `schema`, which nothing reads): with its value as `data` and its `parentSchema`,
 * which messages read. The schema is data walked by a small interpreter, so nothing here
 * generates code and it runs under a Content Security Policy without 'unsafe-eval'.
 */
export function configShapeErrors(value: unknown): ErrorObject[] {
  return schemaErrors(validationSchema, value);
}
