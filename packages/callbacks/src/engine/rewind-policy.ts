import type { ResolvedPrunerConfig } from '@tfjs-prune/schedules';

/** When a rewinding pruner takes its weight snapshot (lottery tickets, Frankle & Carbin 2019). */
export interface RewindPolicy {
  /** `rewind: "init"`: the weights as they are when the engine attaches. */
  readonly capturesAtAttach: boolean;
  /** `rewind: {epoch: k}`: the weights at the end of epoch k. */
  capturesAfterEpoch(epoch: number): boolean;
  /** For messages: "its initial weights", "its weights at the end of epoch 2". */
  readonly target: string;
}

/** The policy a config's `rewind` names; undefined for "none". */
export function rewindPolicyOf(rewind: ResolvedPrunerConfig['rewind']): RewindPolicy | undefined {
  if (rewind === 'none') return undefined;
  if (rewind === 'init') return { capturesAtAttach: true, capturesAfterEpoch: () => false, target: 'its initial weights' };
  const { epoch: at } = rewind;
  return { capturesAtAttach: false, capturesAfterEpoch: (epoch) => epoch === at, target: `its weights at the end of epoch ${at}` };
}
