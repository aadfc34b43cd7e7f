import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { isTfjsPruneError, TfjsPruneError } from '@tfjs-prune/errors';
import { describe, expect, it } from 'vitest';
import { parseConfigText, PruningConfigError, validateConfig } from '@tfjs-prune/schedules';
import { loadConfig } from '@tfjs-prune/schedules/node';

/** Programs branch on `code`, never on message text, which is for people and may be reworded. */
async function caught(run: () => unknown): Promise<PruningConfigError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(PruningConfigError);
    return error as PruningConfigError;
  }
  throw new Error('did not throw');
}

describe('PruningConfigError', () => {
  it('CONFIG_INVALID: a config breaking the schema or a rule, a TfjsPruneError without cause', async () => {
    const error = await caught(() => validateConfig({ pruners: [] }, { source: 'prune.json' }));
    expect(error).toBeInstanceOf(TfjsPruneError);
    expect(isTfjsPruneError(error)).toBe(true);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.name).toBe('PruningConfigError');
    expect(error.source).toBe('prune.json');
    expect(error.issues).toStrictEqual([{ pointer: '/pruners', message: 'must have at least 1 item (got [])' }]);
    expect(error.cause).toBeUndefined();
  });

  it('CONFIG_INVALID_JSON: keeps the SyntaxError as cause, not in the message', async () => {
    const error = await caught(() => parseConfigText('{"pruners": }', { source: 'prune.json' }));
    expect(error.code).toBe('CONFIG_INVALID_JSON');
    expect(error.message).toMatch(/^prune\.json: invalid JSON at line 1, column 13: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('CONFIG_UNREADABLE: keeps the file system error as cause', async () => {
    const path = join(tmpdir(), 'tfjs-prune-no-such-dir', 'prune.json');
    const error = await caught(() => loadConfig(path));
    expect(error.code).toBe('CONFIG_UNREADABLE');
    expect(error.message).toBe(`${path}: cannot read file (ENOENT: no such file or directory)`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
