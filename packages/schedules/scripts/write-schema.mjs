// Regenerates schema.json and the validator's schema from the TypeScript source of truth
// (src/schema.ts). Run from packages/schedules:  pnpm write-schema
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/index.js';
import { assertInterpretable } from '../dist/validation/schema-interpreter.js';
import { runtimeSchema, validationSchemaPath, validationSchemaSource } from './validation-schema-source.mjs';

// A keyword the validator does not check would be skipped in silence: refuse to write the schema.
assertInterpretable(runtimeSchema(configSchema));

const schemaFile = new URL('../schema.json', import.meta.url);
writeFileSync(schemaFile, `${JSON.stringify(configSchema, null, 2)}\n`);
console.log(`wrote ${schemaFile.pathname}`);

const validatorFile = new URL(`../${validationSchemaPath}`, import.meta.url);
writeFileSync(validatorFile, validationSchemaSource(configSchema));
console.log(`wrote ${validatorFile.pathname}`);
