import { describe, expect, it } from 'vitest';

import { librarySources } from './support/library-sources.js';

interface CodeDeclaration {
  /** `MaskErrorCode`, `ModelFileError`, or `new TfjsPruneError` for an inline code. */
  readonly declaredBy: string;
  readonly file: string;
  readonly codes: readonly string[];
}

const literals = (text: string): string[] => [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]!);

/**
 * Every place a code is spelled: the `...ErrorCode` unions, the literals an error class passes to
 * `TfjsPruneError<...>` directly, and inline `new TfjsPruneError('...')`. A static scan, so a
 * code that no test happens to throw is checked too.
 */
function codeDeclarations(): CodeDeclaration[] {
  return librarySources().flatMap(({ path, code }) => [
    ...[...code.matchAll(/\btype\s+(\w+ErrorCode)\s*=([^;]*);/g)].map((m) => ({ declaredBy: m[1]!, file: path, codes: literals(m[2]!) })),
    ...[...code.matchAll(/\bclass\s+(\w+)\s+extends\s+TfjsPruneError<([^>]*)>/g)].map((m) => ({ declaredBy: m[1]!, file: path, codes: literals(m[2]!) })),
    ...[...code.matchAll(/\bnew\s+TfjsPruneError\s*\(\s*'([^']*)'/g)].map((m) => ({ declaredBy: 'new TfjsPruneError', file: path, codes: [m[1]!] })),
  ]).filter((d) => d.codes.length > 0);
}

/**
 * Codes two classes may share because they mean the same thing: the outer error wraps the inner
 * one (as `cause`) and only adds where it happened, so a program branches on one code whichever
 * layer it calls.
 */
const SAME_MEANING: Readonly<Record<string, string>> = {
  // The engine's learningRateFor wraps core's learningRateOf failure and names the pruner.
  NO_LEARNING_RATE: 'callbacks/src/errors/pruning-engine-error.ts: PruningEngineErrorCode and core/src/errors/training-error.ts: TrainingErrorCode',
};

/** Error codes are what programs branch on, so they must be stable, one style, and one meaning each. */
describe('library error codes', () => {
  const declarations = codeDeclarations();

  it('the scan finds the unions and classes it is meant to read', () => {
    // Guards the regexes: were they to stop matching, the tests below would pass on nothing.
    const byName = new Map(declarations.map((d) => [d.declaredBy, d.codes]));
    expect(byName.get('MaskErrorCode')).toContain('INVALID_SPARSITY');
    expect(byName.get('CheckpointErrorCode')).toContain('CHECKPOINT_NOT_FOUND');
    expect(byName.get('PruningConfigErrorCode')).toStrictEqual(['CONFIG_INVALID', 'CONFIG_INVALID_JSON', 'CONFIG_UNREADABLE']);
    expect(byName.get('TfjsCopyError')).toStrictEqual(['DUPLICATE_TFJS']);
    expect(byName.get('ExportErrorCode')).toContain('EXPORT_UNQUANTIZABLE');
    expect(new Set(declarations.map((d) => d.file.split('/')[0])).size).toBeGreaterThanOrEqual(5);
  });

  it('every code is UPPER_SNAKE, as Node spells its own (ERR_INVALID_ARG_TYPE)', () => {
    const offending = declarations.flatMap((d) =>
      d.codes.filter((c) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(c)).map((c) => `${d.file}: ${d.declaredBy} '${c}'`),
    );
    expect(offending).toStrictEqual([]);
  });

  it('no code is declared twice, except a wrapper keeping its cause\'s code: one code, one meaning', () => {
    const owners = new Map<string, string[]>();
    for (const d of declarations) {
      for (const c of new Set(d.codes)) owners.set(c, [...(owners.get(c) ?? []), `${d.file}: ${d.declaredBy}`]);
    }
    const shared = Object.fromEntries([...owners].filter(([, where]) => where.length > 1).map(([c, where]) => [c, where.sort().join(' and ')]));
    expect(shared).toStrictEqual(SAME_MEANING);
  });

  it('no union lists a code twice', () => {
    const repeated = declarations.filter((d) => new Set(d.codes).size !== d.codes.length).map((d) => d.declaredBy);
    expect(repeated).toStrictEqual([]);
  });
});
