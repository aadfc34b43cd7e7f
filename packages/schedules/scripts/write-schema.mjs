// Regenerates schema.json and the compiled validator from the TypeScript source of truth
// (src/schema.ts). Run from packages/schedules:  pnpm write-schema
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/index.js';
import { compiledValidatorPath, validatorSource } from './validator-source.mjs';

const schemaFile = new URL('../schema.json', import.meta.url);
writeFileSync(schemaFile, `${JSON.stringify(configSchema, null, 2)}\n`);
console.log(`wrote ${schemaFile.pathname}`);

const validatorFile = new URL(`../${compiledValidatorPath}`, import.meta.url);
writeFileSync(validatorFile, validatorSource(configSchema));
console.log(`wrote ${validatorFile.pathname}`);
