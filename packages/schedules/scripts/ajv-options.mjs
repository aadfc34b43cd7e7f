// The options ajv validates with where it is the reference: the package does not run ajv, its
// interpreter (src/validation/schema-interpreter.ts) gives the errors ajv gives with these
// options, which test/interpreted-validator.test.ts checks; tests that compile small schemas of
// their own use them too.
export const ajvOptions = Object.freeze({
  allErrors: true, // report every problem at once
  strict: true,
  strictNumbers: true, // NaN and Infinity are not valid sparsities or epochs
  discriminator: true,
  verbose: true, // errors carry the offending value and their parent schema, which messages read
  messages: false, // our messages are written from keyword and params (src/validation/ajv-issues.ts), so the interpreter writes none
  ownProperties: true, // an inherited property is never mistaken for a config key
});
