import type * as tf from '@tensorflow/tfjs-core';

/*
 * A pruning state keeps each pruner's tensors apart: `pruners/<i>/` (the pruner's position in
 * the state's `pruners` list) before core's `<kind>/<path>/<weight>`. Two pruners can mask one
 * weight (a structured pruner's channel groups reach into the consumer kernel another pruner
 * selected), and keys that named only the weight let one pruner's mask overwrite the other's.
 */

const SECTION = /^pruners\/(\d+)\//;

function prefix(index: number): string {
  return `pruners/${index}/`;
}

/** Moves `tensors` (keys as core writes them) into `state` under pruner `index`'s section. */
export function addSection(state: Map<string, tf.Tensor>, index: number, tensors: ReadonlyMap<string, tf.Tensor>): void {
  for (const [key, tensor] of tensors) state.set(prefix(index) + key, tensor);
}

/** Pruner `index`'s tensors with the section prefix taken off: a view, no copies. */
export function sectionOf(state: ReadonlyMap<string, tf.Tensor>, index: number): Map<string, tf.Tensor> {
  const start = prefix(index);
  const section = new Map<string, tf.Tensor>();
  for (const [key, tensor] of state) if (key.startsWith(start)) section.set(key.slice(start.length), tensor);
  return section;
}

/** The first key that is in no section of a state with `pruners` pruners, if any. */
export function strayKey(state: ReadonlyMap<string, tf.Tensor>, pruners: number): string | undefined {
  return [...state.keys()].find((key) => {
    const match = SECTION.exec(key);
    return match === null || Number(match[1]) >= pruners;
  });
}
