import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so `pnpm test` needs no build step.
    alias: {
      // Subpaths before their package: an alias also matches what starts with it and a slash.
      '@tfjs-prune/schedules/node': fileURLToPath(new URL('./packages/schedules/src/node.ts', import.meta.url)),
      '@tfjs-prune/schedules/internal': fileURLToPath(new URL('./packages/schedules/src/internal.ts', import.meta.url)),
      '@tfjs-prune/errors': src('errors'),
      '@tfjs-prune/schedules': src('schedules'),
      '@tfjs-prune/core/node': fileURLToPath(new URL('./packages/core/src/node.ts', import.meta.url)),
      '@tfjs-prune/core/wasm-training': fileURLToPath(new URL('./packages/core/src/wasm-training/index.ts', import.meta.url)),
      '@tfjs-prune/core/internal': fileURLToPath(new URL('./packages/core/src/internal.ts', import.meta.url)),
      '@tfjs-prune/core': src('core'),
      // Before the main entry's alias, which would otherwise take '@tfjs-prune/callbacks/node' as a prefix match.
      '@tfjs-prune/callbacks/node': fileURLToPath(new URL('./packages/callbacks/src/node.ts', import.meta.url)),
      '@tfjs-prune/callbacks/distillation': fileURLToPath(new URL('./packages/callbacks/src/distillation.ts', import.meta.url)),
      '@tfjs-prune/callbacks/budget': fileURLToPath(new URL('./packages/callbacks/src/budget.ts', import.meta.url)),
      '@tfjs-prune/callbacks/compact': fileURLToPath(new URL('./packages/callbacks/src/compact.ts', import.meta.url)),
      '@tfjs-prune/callbacks/indexeddb': fileURLToPath(new URL('./packages/callbacks/src/indexeddb.ts', import.meta.url)),
      '@tfjs-prune/callbacks/backend': fileURLToPath(new URL('./packages/callbacks/src/backend.ts', import.meta.url)),
      '@tfjs-prune/callbacks': src('callbacks'),
      '@tfjs-prune/cli/data': fileURLToPath(new URL('./packages/cli/src/data/index.ts', import.meta.url)),
      '@tfjs-prune/compact': src('compact'),
      '@tfjs-prune/sparse': src('sparse'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts'],
    pool: 'forks',
    // Vitest runs cores − 1 files at a time: one on a 2-core machine. Most files wait part of the
    // time (Chromium, spawned processes, imports), so one per core finished the suite in 190 s
    // here where one at a time took 267 s.
    maxWorkers: availableParallelism(),
    reporters: ['default', './.ci/plain-summary-reporter.ts'],
    // Hang guards, not speed checks: no outcome may depend on how fast or busy the machine is.
    // Tests that spawn processes run several times slower with both cores busy: the crash test
    // (ten training processes) took 20 s alone and 119 s under ../shared/bin/under-load, past the
    // 60 s limit this used to be. So the guard sits far above any run that is merely slow. One
    // number for every test and hook; none sets a shorter one.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
