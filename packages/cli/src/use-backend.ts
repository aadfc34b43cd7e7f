import * as tf from '@tensorflow/tfjs-core';

import { selectBackend } from './adapters/callbacks.js';
import type { CommandContext } from './command-context.js';

export type BackendUse = 'read' | 'train';

/**
 * Commands that only read and write weights want the pure-JS cpu backend (exact values, nothing
 * native to load) and take whatever is installed otherwise; `prune` trains, so it asks for the
 * fastest backend installed (wasm without tfjs-node). The backend notice is progress, silenced
 * by --quiet.
 */
export async function useBackend(use: BackendUse, context: CommandContext, choice?: string): Promise<string> {
  // PROD silences tfjs's console banners ("looks like you are running TensorFlow.js in Node.js").
  tf.env().set('PROD', true);
  const log = (line: string) => context.out.info(line);
  if (use === 'read' && choice === undefined) {
    try {
      return (await selectBackend('cpu', { log: false })).backend;
    } catch {
      // No cpu package: any installed backend reads weights just as well.
    }
  }
  return (await selectBackend(choice ?? 'auto', { log })).backend;
}
