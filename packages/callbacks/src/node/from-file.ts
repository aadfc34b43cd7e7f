import { readConfigFile } from '@tfjs-prune/schedules/node';

import type { PruningConfigInput } from '../config/config-input.js';
import { PruningCallback, type PruningCallbackArgs } from '../pruning-callback.js';

/**
 * Reads a JSON config file; the callback validates it as it validates any config (with every
 * layer class registered so far), and its errors name the file and the JSON pointer.
 *
 * ```ts
 * const pruning = await pruningCallbackFromFile('prune.json');
 * await model.fit(x, y, { epochs: 10, callbacks: [pruning] });
 * ```
 */
export async function pruningCallbackFromFile(path: string, args: Omit<PruningCallbackArgs, 'source'> = {}): Promise<PruningCallback> {
  const config = (await readConfigFile(path)) as PruningConfigInput;
  return new PruningCallback(config, { ...args, source: path });
}
