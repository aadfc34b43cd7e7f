import { loadConfig } from '@tfjs-prune/schedules/node';

import type { PruningConfigInput } from '../config/config-input.js';
import { PruningCallback, type PruningCallbackArgs } from '../pruning-callback.js';

/**
 * Reads and validates a JSON config file; errors name the file and the JSON pointer.
 *
 * ```ts
 * const pruning = await pruningCallbackFromFile('prune.json');
 * await model.fit(x, y, { epochs: 10, callbacks: [pruning] });
 * ```
 */
export async function pruningCallbackFromFile(path: string, args: Omit<PruningCallbackArgs, 'source'> = {}): Promise<PruningCallback> {
  const config = (await loadConfig(path)) as PruningConfigInput;
  return new PruningCallback(config, { ...args, source: path });
}
