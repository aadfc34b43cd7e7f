import { randomBytes } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './error-code.js';

/**
 * Writes `files` (name -> bytes) into `dir` so that a crash or failure at any point leaves either
 * the old set of files or the new one, never a half-written file.
 *
 * Every file is first staged under a temp name in the same directory (rename is only atomic
 * within one file system) and fsynced; only then are they renamed over their targets, in the
 * given order. Callers list dependencies first (weights.bin before model.json), so a reader
 * never sees a model.json whose weights are missing. If a rename fails, targets already replaced
 * are restored from hard-linked backups, so the previous set stays consistent. The one window
 * left is a power loss between two renames; two fixed file names cannot be swapped atomically.
 */
export async function writeFilesAtomic(
  dir: string,
  files: ReadonlyArray<readonly [name: string, data: Uint8Array]>,
): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const staged: Array<{ target: string; temp: string; backup: string | null }> = [];
  try {
    for (const [name, data] of files) {
      const temp = path.join(dir, tempName(name, 'tmp'));
      staged.push({ target: path.join(dir, name), temp, backup: null });
      await writeAndSync(temp, data);
    }
  } catch (error) {
    await removeQuietly(staged.map((s) => s.temp));
    throw error;
  }

  const committed: typeof staged = [];
  try {
    for (const file of staged) {
      file.backup = await linkBackup(file.target);
      await fs.rename(file.temp, file.target);
      committed.push(file);
    }
  } catch (error) {
    await rollBack(committed);
    await removeQuietly(staged.flatMap((s) => [s.temp, ...(s.backup === null ? [] : [s.backup])]));
    throw error;
  }
  await syncDirectory(dir);
  await removeQuietly(staged.flatMap((s) => (s.backup === null ? [] : [s.backup])));
}

/** `.model.json.tmp-<pid>-<random>`: hidden, and unique even across concurrent writers. */
function tempName(name: string, kind: 'tmp' | 'bak'): string {
  return `.${name}.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** Writes a new file (failing if it exists) and fsyncs it before returning. */
export async function writeAndSync(file: string, data: Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A second name for the current target, so a failed commit can put it back. */
async function linkBackup(target: string): Promise<string | null> {
  const backup = path.join(path.dirname(target), tempName(path.basename(target), 'bak'));
  try {
    await fs.link(target, backup);
    return backup;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

async function rollBack(committed: ReadonlyArray<{ target: string; backup: string | null }>) {
  for (const { target, backup } of [...committed].reverse()) {
    try {
      if (backup === null) await fs.rm(target, { force: true });
      else await fs.rename(backup, target);
    } catch {
      // Best effort: the original error is the one worth reporting.
    }
  }
}

/** Makes the renames themselves durable; without it a power loss can undo them. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a directory; there the rename is as durable as it gets.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'EACCES'].includes(errorCode(error) ?? '')) {
      throw error;
    }
  } finally {
    await handle?.close();
  }
}

async function removeQuietly(files: readonly string[]): Promise<void> {
  await Promise.all(files.map((f) => fs.rm(f, { force: true }).catch(() => undefined)));
}
