/**
 * Channel identities with union-find. Every channel position of every tensor holds an id; a merge
 * that adds two tensors makes their ids at each position one channel. Ids also remember the batch
 * (the producer call) that created them, and batches unite with their ids, which yields families.
 */
export class ChannelIds {
  private readonly parent: number[] = [];
  private readonly batchOf: number[] = [];
  private readonly batchParent: number[] = [];
  readonly batchLabels: string[][] = [];
  private readonly blockReasons = new Map<number, Set<string>>();

  /** `count` new channels made by one producer call, labelled by the layers that made them. */
  fresh(count: number, label: string): number[] {
    const batch = this.batchParent.length;
    this.batchParent.push(batch);
    this.batchLabels.push([label]);
    return Array.from({ length: count }, () => {
      const id = this.parent.length;
      this.parent.push(id);
      this.batchOf.push(batch);
      return id;
    });
  }

  get size(): number {
    return this.parent.length;
  }

  root(id: number): number {
    let r = id;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[id] !== r) {
      const next = this.parent[id]!;
      this.parent[id] = r;
      id = next;
    }
    return r;
  }

  batchRoot(id: number): number {
    let b = this.batchOf[this.root(id)]!;
    while (this.batchParent[b] !== b) b = this.batchParent[b]!;
    return b;
  }

  unite(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    const ba = this.batchRoot(a);
    const bb = this.batchRoot(b);
    if (ba !== bb) {
      const [keep, drop] = ba < bb ? [ba, bb] : [bb, ba];
      this.batchParent[drop] = keep;
      this.batchLabels[keep]!.push(...this.batchLabels[drop]!);
    }
    if (ra === rb) return;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[drop] = keep;
    const dropped = this.blockReasons.get(drop);
    if (dropped) {
      for (const reason of dropped) this.block(keep, reason);
      this.blockReasons.delete(drop);
    }
  }

  block(id: number, reason: string): void {
    const r = this.root(id);
    const reasons = this.blockReasons.get(r) ?? new Set<string>();
    reasons.add(reason);
    this.blockReasons.set(r, reasons);
  }

  reasonsFor(id: number): readonly string[] {
    return [...(this.blockReasons.get(this.root(id)) ?? [])];
  }
}
