import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { schemaPathFor } from '../schema-path.js';
import { STARTER_NOTES, starterConfig } from '../starter-config.js';

export interface InitOptions {
  force?: boolean;
}

/** Writes a starter config whose `$schema` resolves from where the file is written. */
export async function init(file: string, options: InitOptions, context: CommandContext): Promise<ExitCode> {
  const schema = schemaPathFor(file, process.cwd());
  const text = `${JSON.stringify(starterConfig(schema.value), null, 2)}\n`;
  try {
    // `init configs/prune.json` in a fresh project: the folder is part of what was asked for.
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, { flag: options.force === true ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError('CLI_FAILED', `${file}: already exists; pass --force to overwrite it`, { cause: error });
    throw new CliError('CLI_FAILED', `${file}: cannot write (${code ?? String(error)})`, { cause: error });
  }
  context.out.info(`wrote ${file} ($schema: ${schema.value})`);
  if (!schema.found) {
    context.out.info('note: @tfjs-prune/schedules is not installed here yet; the $schema path resolves once it is (npm i -D @tfjs-prune/cli)');
  }
  for (const line of STARTER_NOTES) context.out.info(line);
  return EXIT.ok;
}
