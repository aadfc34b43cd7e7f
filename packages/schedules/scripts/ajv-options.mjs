// The options of the one ajv instance that compiles the config schema, at build time
// (scripts/validator-source.mjs) and in tests that compile small schemas of their own.
export const ajvOptions = Object.freeze({
  allErrors: true, // report every problem at once
  strict: true,
  strictNumbers: true, // NaN and Infinity are not valid sparsities or epochs
  discriminator: true,
  verbose: true, // errors carry the offending value and their schema, for messages (the compiled validator
  // leaves them out, and src/validation/validator.ts puts back the value and the parent schema)
  messages: false, // our messages are written from keyword and params (src/validation/ajv-issues.ts); ajv's English is page weight
  ownProperties: true, // an inherited property is never mistaken for a config key
});
