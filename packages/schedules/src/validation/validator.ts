import { Ajv, type ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;
const compiled = new Map<object, ValidateFunction>();

/**
 * The compiled validator of `schema`, compiled on first use and then reused: compiling
 * generates code and is far slower than validating. One ajv instance serves every schema.
 */
export function validatorFor(schema: object): ValidateFunction {
  ajv ??= new Ajv({
    allErrors: true, // report every problem at once
    strict: true,
    strictNumbers: true, // NaN and Infinity are not valid sparsities or epochs
    discriminator: true,
    verbose: true, // errors carry the offending value and their schema, for messages
    ownProperties: true, // an inherited property is never mistaken for a config key
  });
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
