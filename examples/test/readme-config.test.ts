import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { validateConfig } from '@tfjs-prune/schedules';

/** The README is where users copy configs from: its examples must stay valid. */
describe('README', () => {
  it('shows only configs that validate', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const configs = blocks.filter((b) => b.includes('"pruners"'));
    expect(configs.length).toBeGreaterThan(0);
    for (const text of configs) expect(() => validateConfig(JSON.parse(text), { source: 'README.md' })).not.toThrow();
  });
});
