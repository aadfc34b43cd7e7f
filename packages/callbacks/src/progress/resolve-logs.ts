import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * tfjs hands a `tf.Callback` its epoch logs as scalar tensors (a `CustomCallback` gets them read
 * already): the numbers, read without disposing what tfjs owns. Non-numeric entries are dropped.
 */
export async function resolveLogs(logs: tfl.Logs | undefined): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries((logs ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'number') out[key] = value;
    else if (isScalar(value)) out[key] = (await value.data())[0]!;
  }
  return out;
}

function isScalar(value: unknown): value is { data(): Promise<ArrayLike<number>>; size: number } {
  return typeof value === 'object' && value !== null && typeof (value as { data?: unknown }).data === 'function' && (value as { size?: unknown }).size === 1;
}
