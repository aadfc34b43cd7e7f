/** Rounds halfway cases to the even neighbour, as torch's round() and tf.round do: 2.5 -> 2, 3.5 -> 4. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
