import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so `pnpm test` needs no build step.
    alias: {
      '@tfjs-prune/errors': src('errors'),
      '@tfjs-prune/schedules': src('schedules'),
      '@tfjs-prune/core': src('core'),
      '@tfjs-prune/callbacks': src('callbacks'),
      '@tfjs-prune/cli/data': fileURLToPath(new URL('./packages/cli/src/data/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', './.ci/plain-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
