import { checkpointDirectory, type CheckpointDirectoryOptions } from '../checkpoint/directory/directory-store.js';
import { type LoadCheckpointOptions, type LoadedCheckpoint, loadCheckpointFrom } from '../resume/load-checkpoint.js';

/**
 * Resumes pruned training from the newest complete checkpoint in directory `dir`; every file is
 * checked against its size and sha256 first.
 *
 * ```ts
 * const { model, callback, initialEpoch } = await loadCheckpoint('checkpoints');
 * await model.fit(x, y, { epochs: 10, initialEpoch, callbacks: [callback] });
 * ```
 */
export async function loadCheckpoint(
  dir: string,
  options: LoadCheckpointOptions & CheckpointDirectoryOptions = {},
): Promise<LoadedCheckpoint> {
  const { keep, ...rest } = options;
  return loadCheckpointFrom(checkpointDirectory(dir, keep === undefined ? {} : { keep }), rest);
}
