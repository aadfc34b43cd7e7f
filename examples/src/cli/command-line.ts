import { parseArgs, type ParseArgsConfig } from 'node:util';

import { type BackendChoice, NODE_BACKEND_CHOICES as BACKEND_CHOICES } from '@tfjs-prune/callbacks/backend';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };

/**
 * `parseArgs` for the example scripts: unknown flags fail with the usage text, and a leading
 * `--` is dropped, because `pnpm demo -- --epochs 3` (and `npm run demo -- ...`) pass it through.
 */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O, usage: string): Values<O> {
  try {
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    return parseArgs({ args, allowPositionals: false, options, strict: true }).values as Values<O>;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${usage}`);
  }
}

/** A `--backend` value, checked against the choices `selectBackend` takes. */
export function backendFlag(value: string): BackendChoice {
  if (!(BACKEND_CHOICES as readonly string[]).includes(value)) {
    throw new Error(`--backend must be one of ${BACKEND_CHOICES.join(', ')} (got "${value}")`);
  }
  return value as BackendChoice;
}
