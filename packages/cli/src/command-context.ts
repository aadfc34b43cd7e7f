import type { Output } from './output.js';

/** What every command receives besides its own arguments. */
export interface CommandContext {
  readonly out: Output;
}
