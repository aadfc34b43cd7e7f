import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { DataFileError, loadCsv } from '../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = (text: string): string => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  return path;
};

describe('loadCsv', () => {
  it('reads features row-major without the label column, wherever it is, CRLF and blank lines included', () => {
    const path = csv('a,label,b\r\n1.5,2,-3\r\n\r\n0,0,4e2\r\n');
    const table = loadCsv(path);
    expect(Array.from(table.features)).toEqual([1.5, -3, 0, 400]);
    expect(Array.from(table.labels)).toEqual([2, 0]);
    expect(table).toMatchObject({ count: 2, featureNames: ['a', 'b'], source: `csv:${path}` });
  });

  it('takes another label column by name', () => {
    expect(Array.from(loadCsv(csv('class,x\n1,5\n'), 'class').labels)).toEqual([1]);
  });

  it.each([
    ['a,b\n1,2\n', 'has no "label" column (columns: a, b); name the label column with --label <name>'],
    ['label,a\n', 'expected a header row and at least one data row'],
    ['label\n1\n', 'has a label column but no feature columns'],
    ['label,a\n1,2,3\n', 'line 2 has 3 fields, expected 2 like the header'],
    ['label,a\n1,\n', 'line 2, column "a": expected a number (got "")'],
    ['label,a\n1.5,2\n', 'line 2, column "label": expected a class index 0, 1, 2, ... (got "1.5")'],
    ['label,a\n-1,2\n', 'line 2, column "label": expected a class index 0, 1, 2, ... (got "-1")'],
  ])('refuses %j, naming the file and place', (text, problem) => {
    const path = csv(text);
    expect(() => loadCsv(path)).toThrow(new DataFileError(path, problem));
    expect(() => loadCsv(path)).toThrow(`${path}: ${problem}`);
  });

  it('names an unreadable file', () => {
    const path = join(dir, 'missing.csv');
    expect(() => loadCsv(path)).toThrow(`${path}: cannot read file (ENOENT)`);
  });
});
