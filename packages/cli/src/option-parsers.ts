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

/** A fraction strictly between 0 and 1, like a sparsity: 0 and 1 would prune nothing or everything. */
export function openFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) throw new InvalidArgumentError('expected a number in (0, 1), like 0.5.');
  return n;
}

/** `0.25,0.5,0.75`: sparsities in (0, 1), ascending, without repeats. */
export function sparsityList(value: string): number[] {
  const items = value.split(',').map((item) => item.trim());
  const numbers = items.map(Number);
  if (items.some((item, i) => item === '' || !Number.isFinite(numbers[i]) || (numbers[i] ?? 0) <= 0 || (numbers[i] ?? 1) >= 1)) {
    throw new InvalidArgumentError('expected a comma-separated list of sparsities, each in (0, 1), like 0.25,0.5,0.75.');
  }
  return [...new Set(numbers)].sort((a, b) => a - b);
}
