import { InvalidArgumentError } from 'commander';

/** Commander argument parsers: a bad value is a usage error naming the option and the value. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

/** `1,64`: a comma-separated list of positive integers, in the order given, without repeats. */
export function positiveIntegerList(value: string): number[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => !/^\d+$/.test(item) || !Number.isSafeInteger(Number(item)) || Number(item) <= 0)) {
    throw new InvalidArgumentError('expected a comma-separated list of positive integers, like 1,64.');
  }
  return [...new Set(items.map(Number))];
}
