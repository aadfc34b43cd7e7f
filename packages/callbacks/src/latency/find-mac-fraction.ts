import type { LatencyCandidate, LatencyChoice, SpeedupMeasurement } from '../state/latency-records.js';

/** A candidate within this of the asked speedup ends the search: the target is 10%, and a remeasurement moves by a few. */
const CLOSE_ENOUGH = 0.03;
/** Each candidate is a compaction and a timing run (seconds): a handful, then the closest wins. */
const MAX_CANDIDATES = 5;

export interface FractionSearch {
  /** The speedup to reach, > 1. */
  readonly speedup: number;
  /** The smallest MAC fraction the allocator reaches: every family at its floor. */
  readonly floor: number;
  /** Compacts the candidate allocated for `keep` and measures it; `keep` in the answer is the fraction it really has (at most the one asked). */
  measureAt(keep: number): Promise<{ keep: number; measured: SpeedupMeasurement }>;
}

interface Point extends LatencyCandidate {
  readonly measured: SpeedupMeasurement;
}

/**
 * The MAC fraction whose compacted candidate runs `speedup` times faster than dense, measured.
 * Speed does not follow MACs one for one (per-op overhead at batch 1, odd widths), so the
 * search models the measured speedup as keep^−α, a line in log-log: the first candidate keeps
 * 1/speedup of the MACs, the next one follows the line through it and the dense point (1, 1),
 * later ones the line through the two candidates nearest the target, or once two candidates
 * bracket the target the secant between them. It stops within 3% of
 * the target or after five candidates and returns the closest. When the candidates are too
 * slow all the way to the floor, the floor is the answer: the target cannot be reached here.
 */
export async function findMacFraction(search: FractionSearch): Promise<LatencyChoice> {
  const { speedup, floor } = search;
  const points: Point[] = [];
  let keep: number | undefined = Math.min(1, Math.max(floor, 1 / speedup));
  while (keep !== undefined && points.length < MAX_CANDIDATES) {
    const { keep: got, measured } = await search.measureAt(keep);
    points.push({ keep: got, speedup: measured.speedup, floor: got <= floor, measured });
    if (Math.abs(measured.speedup / speedup - 1) <= CLOSE_ENOUGH) break;
    keep = nextKeep(points, speedup, floor);
  }
  const distance = (p: Point) => Math.abs(Math.log(p.speedup / speedup));
  const best = points.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  return { keep: best.keep, measured: best.measured, candidates: points.map(({ keep: k, speedup: s, floor: f }) => ({ keep: k, speedup: s, floor: f })) };
}

/** The next fraction to measure, or undefined when no untried fraction can come closer. */
function nextKeep(points: readonly Point[], speedup: number, floor: number): number | undefined {
  // The fast candidate keeping the most MACs and the slow one keeping the fewest bracket the answer.
  const fast = points.filter((p) => p.speedup >= speedup).sort((a, b) => b.keep - a.keep)[0];
  const slow = points.filter((p) => p.speedup < speedup).sort((a, b) => a.keep - b.keep)[0];
  let next: number;
  if (fast !== undefined && slow !== undefined) {
    const t = Math.log(speedup / slow.speedup) / Math.log(fast.speedup / slow.speedup);
    next = Math.exp(Math.log(slow.keep) + t * (Math.log(fast.keep) - Math.log(slow.keep)));
  } else {
    // All on one side: extrapolate the line through the two candidates nearest the target (the
    // dense model, (1, 1), stands in for the second), which follows the curve's local slope.
    const side = fast === undefined ? points.filter((p) => p.speedup < speedup).sort((a, b) => a.keep - b.keep) : points.filter((p) => p.speedup >= speedup).sort((a, b) => b.keep - a.keep);
    const [near, far = { keep: 1, speedup: 1 }] = side as [Point, ...Point[]];
    const slope = Math.log(near.speedup / far.speedup) / Math.log(far.keep / near.keep);
    // A slope of zero or less (no faster for fewer MACs) says nothing but "go further": the floor.
    next = slope > 0 ? near.keep * (speedup / near.speedup) ** (-1 / slope) : floor;
  }
  if (fast === undefined && next <= floor) {
    if (slow?.floor === true) return undefined;
    next = floor;
  }
  next = Math.min(1, Math.max(floor, next));
  return points.some((p) => Math.abs(p.keep - next) <= 1e-4 * next) ? undefined : next;
}
