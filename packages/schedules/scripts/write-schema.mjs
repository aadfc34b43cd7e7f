// Regenerates schema.json from the TypeScript source of truth (src/schema.ts).
// Run from packages/schedules after a build:  pnpm build && node scripts/write-schema.mjs
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/index.js';

const target = new URL('../schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configSchema, null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
