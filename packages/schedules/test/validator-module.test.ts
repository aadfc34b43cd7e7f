import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema } from '@tfjs-prune/schedules';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { validationSchemaPath, validationSchemaSource } from '../scripts/validation-schema-source.mjs';

const packageDir = new URL('../', import.meta.url);

describe('the schema the config validator reads, written at build time', () => {
  it('is up to date with the schema', () => {
    const committed = readFileSync(new URL(validationSchemaPath as string, packageDir), 'utf8');
    const fresh = (validationSchemaSource as (schema: unknown) => string)(configSchema);
    expect(committed === fresh, `${validationSchemaPath as string} is out of date: run \`pnpm write-schema\` in packages/schedules`).toBe(true);
  });

  it('is loaded by the package, which imports nothing of ajv at run time', () => {
    const sources = ['src/validation/validator.ts', 'src/validation/schema-interpreter.ts', 'src/validation/check.ts', 'src/validation/ajv-issues.ts', 'src/validation/branch-noise.ts', 'src/validation/layer-classes.ts'];
    for (const file of sources) {
      const text = readFileSync(new URL(file, packageDir), 'utf8');
      expect(text, file).not.toMatch(/^import (?!type )[^;]*from 'ajv[^']*';/m);
      expect(text, file).not.toMatch(/\bFunction\(|\beval\(/);
    }
    const generated = readFileSync(new URL(validationSchemaPath as string, packageDir), 'utf8');
    expect(generated.match(/^import\b.*$/gm)).toStrictEqual(["import type { Schema } from './schema-interpreter.js';"]);
    expect(generated).not.toMatch(/\brequire\(|new Function|\beval\(/);
  });
});

/**
 * The point of interpreting the schema rather than compiling it at run time: a page whose Content
 * Security Policy forbids 'unsafe-eval' makes `new Function` and `eval` throw. With both replaced
 * by throwing stubs, loading the package and validating good and bad configs must still give
 * exact results.
 */
describe('validation without runtime code generation', () => {
  const original = { Function: globalThis.Function, eval: globalThis.eval };

  afterEach(() => {
    globalThis.Function = original.Function;
    globalThis.eval = original.eval;
  });

  it('loads, accepts a valid config and reports an invalid one exactly', async () => {
    vi.resetModules();
    const refuse = (): never => {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source of script");
    };
    globalThis.Function = refuse as unknown as FunctionConstructor;
    globalThis.eval = refuse;
    const { validateConfig, parseConfigText, createSchedule } = await import('../src/index.js');
    expect(validateConfig({ pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] }).pruners[0]?.schedule)
      .toStrictEqual({ type: 'one-shot', sparsity: 0.5, epoch: 0 });
    expect(() => parseConfigText('{"pruners": [{"schedule": {"type": "one-shot", "sparsity": 1.5}}]}', { source: 'prune.json' }))
      .toThrow('prune.json: /pruners/0/schedule/sparsity must be < 1 (got 1.5)');
    expect(() => createSchedule({ type: 'polynomial-decay', finalSparsty: 0.9, endEpoch: 4 } as never))
      .toThrow('schedule: / has unknown key "finalSparsty" (did you mean "finalSparsity"?)');
    expect(() => new original.Function('return 1')).not.toThrow(); // the stub was what refused
  });
});
