import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

/**
 * House rule: CI runs exactly the README's test command, after installing only what that
 * command cannot (Chromium). Two separate installs and builds once made a fresh-clone CI run
 * take twice as long, and a test script without the type-check let type errors in tests pass.
 */
describe('.ci/run', () => {
  const readmeCommand = /^(npm i -g pnpm@[\d.]+ && pnpm install && pnpm test)\b/m.exec(read('README.md'))?.[1];
  const commands = read('.ci/run')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it("ends with the README's test command, verbatim, and installs or builds nothing else with pnpm", () => {
    expect(readmeCommand).toBeDefined();
    expect(commands.at(-1)).toBe(readmeCommand);
    expect(commands.slice(0, -1).filter((c) => /\bpnpm\b/.test(c))).toEqual([]);
  });

  it('the test script builds, type-checks (tests included), then runs the suite', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['test']).toBe('pnpm build && pnpm typecheck && vitest run');
    const tsconfig = read('tsconfig.json');
    for (const dir of ['packages/*/src', 'packages/*/test', 'examples/src', 'examples/test']) expect(tsconfig).toContain(`"${dir}"`);
  });
});
