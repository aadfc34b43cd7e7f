import { describe, expect, it } from 'vitest';

import { runCli } from './support/run-cli.js';

const COMMANDS = ['validate', 'schedule', 'report', 'export', 'prune', 'sensitivity', 'init'] as const;

describe('tfjs-prune usage', () => {
  it.each(COMMANDS)('%s --help shows usage and an example, exit 0', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: tfjs-prune ${command} `));
    expect(run.stdout).toMatch(new RegExp(`\\nExample:\\n {2}\\$ tfjs-prune ${command}\\b`));
  });

  it('lists every command in the top-level help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
  });

  it('an unknown command or option is one line on stderr and exit 2', async () => {
    const command = await runCli(['valdiate', 'x.json']);
    expect(command.code).toBe(2);
    expect(command.errors).toEqual(["error: unknown command 'valdiate' (Did you mean validate?)"]);
    const option = await runCli(['report', 'm.json', '--jsno']);
    expect(option.code).toBe(2);
    expect(option.errors).toHaveLength(1);
    expect(option.errors[0]).toMatch(/^error: unknown option '--jsno'/);
  });

  it('the version comes from package.json', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0.1.0\n');
  });
});
