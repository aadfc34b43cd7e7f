import { afterEach, describe, expect, it, vi } from 'vitest';

import { createOutput } from '../src/output.js';

/** Colour only ever reaches a terminal, so these drive createOutput in-process with a fake TTY. */
describe('output colours and --quiet', () => {
  const written: string[] = [];
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    if (tty === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY;
    else Object.defineProperty(process.stderr, 'isTTY', tty);
    written.length = 0;
  });
  const capture = (isTTY: boolean) => {
    Object.defineProperty(process.stderr, 'isTTY', { value: isTTY, configurable: true });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  };

  it('colours errors on a terminal', () => {
    vi.stubEnv('NO_COLOR', '');
    capture(true);
    createOutput().error('bad');
    expect(written).toEqual(['\x1b[31mbad\x1b[39m\n']);
  });

  it.each([
    ['NO_COLOR=1', { env: '1', tty: true, color: true }],
    ['--no-color', { env: '', tty: true, color: false }],
    ['a pipe', { env: '', tty: false, color: true }],
  ])('writes plain text under %s', (_, c) => {
    vi.stubEnv('NO_COLOR', c.env);
    capture(c.tty);
    const out = createOutput({ color: c.color });
    out.error('bad');
    out.info('note');
    expect(written).toEqual(['bad\n', 'note\n']);
  });

  it('--quiet drops notes, never errors', () => {
    capture(false);
    const out = createOutput({ quiet: true });
    out.info('note');
    out.error('bad');
    expect(written).toEqual(['bad\n']);
  });
});
