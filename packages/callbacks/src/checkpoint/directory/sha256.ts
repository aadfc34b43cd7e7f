import { createHash } from 'node:crypto';

import { stableJson } from '../stable-json.js';

/** What the manifest records to detect a config edited on disk. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
