import type { EpochProgress } from './page-api.js';

/**
 * The chart's points of a checkpointed run, kept beside its IndexedDB checkpoints so that a
 * reloaded page can draw the epochs before its Resume again: the checkpoint holds the model,
 * not the curve. localStorage, since the few hundred bytes must outlive the tab like the
 * checkpoints do.
 */
export class EpochHistory {
  private readonly key: string;

  constructor(store: string) {
    this.key = `tfjs-prune-demo/${store}/epochs`;
  }

  read(): EpochProgress[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? (parsed as EpochProgress[]) : [];
    } catch {
      return [];
    }
  }

  /** The points up to and including `lastEpoch` (0-based), one per epoch. */
  upTo(lastEpoch: number): EpochProgress[] {
    const byEpoch = new Map(this.read().filter((p) => p.epoch <= lastEpoch).map((p) => [p.epoch, p]));
    return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }

  add(progress: EpochProgress): void {
    // A resumed run may redo epochs whose points an interrupted run already stored.
    const kept = this.read().filter((p) => p.epoch < progress.epoch);
    localStorage.setItem(this.key, JSON.stringify([...kept, progress]));
  }

  clear(): void {
    localStorage.removeItem(this.key);
  }
}
