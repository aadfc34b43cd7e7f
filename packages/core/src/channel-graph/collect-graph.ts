import type { ChannelFamily, ChannelGraph, ChannelGroup, ChannelSlice, ChannelUse, SkippedChannels, TracedTensor } from './channel-types.js';
import type { GraphWalk } from './graph-walk.js';

/** Slices of one weight on one axis with one role merge into one (a channel met twice, e.g. via Flatten). */
function mergeSlices(slices: readonly ChannelSlice[]): ChannelSlice[] {
  const byKey = new Map<string, ChannelSlice>();
  for (const slice of slices) {
    const key = `${slice.variable}|${slice.axis}|${slice.role}|${slice.masked}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, indices: [...new Set([...seen.indices, ...slice.indices])].sort((a, b) => a - b) } : slice);
  }
  return [...byKey.values()];
}

/** Turns the walk's per-id records into families of groups (one per channel) and skipped counts. */
export function collectGraph(walk: GraphWalk, modelInputs: string[]): ChannelGraph {
  const { ids } = walk;
  const membersByRoot = new Map<number, ChannelSlice[]>();
  const usesByRoot = new Map<number, ChannelUse[]>();
  const rootsByBatch = new Map<number, number[]>();
  for (let id = 0; id < ids.size; id++) {
    const root = ids.root(id);
    if (root === id) rootsByBatch.set(ids.batchRoot(id), [...(rootsByBatch.get(ids.batchRoot(id)) ?? []), id]);
    membersByRoot.set(root, [...(membersByRoot.get(root) ?? []), ...(walk.members.get(id) ?? [])]);
    usesByRoot.set(root, [...(usesByRoot.get(root) ?? []), ...(walk.uses.get(id) ?? [])]);
  }
  const families: ChannelFamily[] = [];
  const skipped: SkippedChannels[] = [];
  const groupOfRoot = new Map<number, string>();
  const taken = new Set<string>();
  for (const [batch, roots] of rootsByBatch) {
    const producers = [...new Set(ids.batchLabels[batch])];
    const name = uniqueName(producers.join('+'), taken);
    const groups: ChannelGroup[] = [];
    const reasons = new Set<string>();
    let skippedCount = 0;
    roots.forEach((root, index) => {
      const members = mergeSlices(membersByRoot.get(root) ?? []);
      const uses = usesByRoot.get(root) ?? [];
      const blocked = ids.reasonsFor(root);
      const why = blocked.length > 0 ? blocked : uses.length === 0 ? ['no layer of the model reads it'] : [];
      if (why.length > 0 || !members.some((m) => m.role === 'out')) {
        skippedCount++;
        (why.length > 0 ? why : ['no layer of the model produces it']).forEach((r) => reasons.add(r));
        return;
      }
      const group: ChannelGroup = { id: `${name}#${index}`, family: name, index, members, uses };
      groupOfRoot.set(root, group.id);
      groups.push(group);
    });
    if (groups.length > 0) families.push({ name, producers, groups });
    if (skippedCount > 0) skipped.push({ family: name, channels: skippedCount, reasons: [...reasons] });
  }
  const tensors = new Map<string, TracedTensor>();
  for (const [key, row] of walk.rows) {
    tensors.set(key, { key, shape: walk.shapes.get(key) ?? [], groups: row.map((id) => groupOfRoot.get(ids.root(id)) ?? null) });
  }
  return { families, groups: families.flatMap((f) => f.groups), skipped, trace: walk.trace, tensors, modelInputs };
}

/** Two families can share producers' names (a layer called on two unrelated inputs): number the later ones. */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}~${n}`;
  taken.add(unique);
  return unique;
}
