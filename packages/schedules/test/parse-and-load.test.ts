import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText, PruningConfigError } from '@tfjs-prune/schedules';
import { loadConfig, readConfigFile } from '@tfjs-prune/schedules/node';

const valid = '{ "pruners": [{ "schedule": { "type": "one-shot", "sparsity": 0.5 } }] }';

function errorOf(run: () => unknown): PruningConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof PruningConfigError) return error;
    throw error;
  }
  throw new Error('expected a PruningConfigError');
}

describe('parseConfigText', () => {
  it('parses and validates', () => {
    expect(parseConfigText(valid).pruners[0]?.schedule).toStrictEqual({ type: 'one-shot', sparsity: 0.5, epoch: 0 });
  });

  it('accepts a byte-order mark', () => {
    expect(parseConfigText(`\uFEFF${valid}`).pruners).toHaveLength(1);
  });

  /** Node words JSON.parse errors with a position, without one, or as end of input; all end up as line and column. */
  it.each([
    ['a missing value (message without position)', '{\n  "pruners": [\n    { "schedule": }\n  ]\n}', "line 3, column 19: unexpected token '}'"],
    ['a trailing comma', '{\n  "pruners": [],\n}', 'line 3, column 1: expected double-quoted property name'],
    ['end of input', '{\n  "pruners": [\n', 'line 3, column 1: unexpected end of JSON input'],
    ['empty text', '', 'line 1, column 1: unexpected end of JSON input'],
    ['text after the value', '{}\n{}', 'line 2, column 1: unexpected non-whitespace character after JSON'],
    ['a bad literal (message without position)', '{"pruners": [tru]}', "line 1, column 17: unexpected token ']'"],
    ['a single-quoted value (message without position)', "{\"pruners\": ['a']}", "line 1, column 14: unexpected token '''"],
    ['single quotes (message without position)', "{'pruners': []}", 'line 1, column 2: expected property name or \'}\''],
  ])('locates %s', (_, text, where) => {
    const error = errorOf(() => parseConfigText(text, { source: 'prune.json' }));
    expect(error.message).toBe(`prune.json: invalid JSON at ${where}`);
    expect(error.issues).toStrictEqual([{ pointer: '', message: `invalid JSON at ${where}` }]);
    expect(error.message).not.toMatch(/\n|at position|is not valid JSON/);
  });

  it('reports schema problems with the source', () => {
    expect(() => parseConfigText('{"pruners": []}', { source: 'prune.json' })).toThrow('prune.json: /pruners must have at least 1 item (got [])');
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-schedules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a valid file', async () => {
    const path = join(dir, 'valid.json');
    writeFileSync(path, valid);
    expect((await loadConfig(path)).pruners[0]?.name).toBe('pruner-0');
  });

  it('names the file, line and column of invalid JSON', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{\n  "pruners": [\n    { "schedule": { "type": "one-shot", "sparsity": 0.5, } }\n  ]\n}\n');
    await expect(loadConfig(path)).rejects.toThrow(`${path}: invalid JSON at line 3, column 58: expected double-quoted property name`);
  });

  it('names the file in schema errors', async () => {
    const path = join(dir, 'invalid.json');
    writeFileSync(path, '{"pruners": [{"schedule": {"type": "one-shot", "sparsity": 1.5}}]}');
    await expect(loadConfig(path)).rejects.toThrow(`${path}: /pruners/0/schedule/sparsity must be < 1 (got 1.5)`);
  });

  it('readConfigFile reads and parses, validating nothing (the engine validates with the registered classes)', async () => {
    const path = join(dir, 'unvalidated.json');
    writeFileSync(path, '\uFEFF{"pruners": [{"layers": {"classes": ["MyDense"]}, "schedule": {"type": "one-shot", "sparsity": 1.5}}]}');
    expect(await readConfigFile(path)).toStrictEqual({ pruners: [{ layers: { classes: ['MyDense'] }, schedule: { type: 'one-shot', sparsity: 1.5 } }] });
    writeFileSync(path, '{"pruners": [}');
    await expect(readConfigFile(path)).rejects.toThrow(`${path}: invalid JSON at line 1, column 14: unexpected token '}'`);
    await expect(readConfigFile(join(dir, 'absent.json'))).rejects.toThrow(`${join(dir, 'absent.json')}: cannot read file (ENOENT: no such file or directory)`);
  });

  it('reports a missing file as one issue without a stack', async () => {
    const path = join(dir, 'missing.json');
    const error = await loadConfig(path).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PruningConfigError);
    expect((error as PruningConfigError).message).toBe(`${path}: cannot read file (ENOENT: no such file or directory)`);
    expect((error as PruningConfigError).issues).toStrictEqual([{ pointer: '', message: 'cannot read file (ENOENT: no such file or directory)' }]);
    expect((error as PruningConfigError).source).toBe(path);
  });

  it('reports a directory as unreadable', async () => {
    await expect(loadConfig(dir)).rejects.toThrow(`${dir}: cannot read file (EISDIR: illegal operation on a directory)`);
  });
});
