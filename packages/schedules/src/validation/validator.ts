import { Ajv, type ValidateFunction } from 'ajv';
import { configSchema } from '../schema.js';

let compiled: ValidateFunction | undefined;

/** The config schema's validator, compiled on first use. */
export function validateConfigShape(value: unknown): boolean {
  compiled ??= new Ajv({
    allErrors: true, // report every problem at once
    strict: true,
    strictNumbers: true, // NaN and Infinity are not valid sparsities or epochs
    discriminator: true,
    verbose: true, // errors carry the offending value and their schema, for messages
    ownProperties: true, // an inherited property is never mistaken for a config key
  }).compile(configSchema);
  const valid = compiled(value);
  validateConfigShape.errors = compiled.errors;
  return valid;
}
validateConfigShape.errors = undefined as ValidateFunction['errors'];
