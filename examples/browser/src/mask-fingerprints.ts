import type { PruningCallback } from '@tfjs-prune/callbacks';

/**
 * Each pruned weight's keep-mask as the sha-256 of its bytes, by `path/weight`: a few dozen
 * characters instead of 266,200 entries, and equal exactly when the masks are.
 */
export async function maskFingerprints(pruning: PruningCallback): Promise<Record<string, string>> {
  const store = pruning.maskStore;
  const fingerprints: Record<string, string> = {};
  for (const target of store?.targets ?? []) {
    const mask = store?.keepMask(target);
    if (mask === undefined) continue;
    const digest = await crypto.subtle.digest('SHA-256', mask as Uint8Array<ArrayBuffer>);
    fingerprints[`${target.path}/${target.weight}`] = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return fingerprints;
}
