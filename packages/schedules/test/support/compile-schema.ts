import { Ajv, type ValidateFunction } from 'ajv';
// @ts-expect-error: a plain .mjs module shared with the build scripts, without type declarations
import { ajvOptions } from '../../scripts/ajv-options.mjs';

/** Compiles a test's own small schema with the options the shipped validator is compiled with. */
export function compileSchema(schema: object): ValidateFunction {
  return new Ajv(ajvOptions as object).compile(schema);
}
