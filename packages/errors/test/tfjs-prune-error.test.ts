import { describe, expect, it } from 'vitest';
import { isTfjsPruneError, TfjsPruneError } from '@tfjs-prune/errors';

class ExampleError extends TfjsPruneError<'EXAMPLE_BAD' | 'EXAMPLE_WORSE'> {
  override readonly name = 'ExampleError';
}

describe('TfjsPruneError', () => {
  it('carries the code, the message, the subclass name and the cause', () => {
    const cause = new RangeError('inner');
    const error = new ExampleError('EXAMPLE_BAD', 'layer "dense_1": bad', { cause });
    expect(error).toBeInstanceOf(TfjsPruneError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('EXAMPLE_BAD');
    expect(error.message).toBe('layer "dense_1": bad');
    expect(error.name).toBe('ExampleError');
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('ExampleError: layer "dense_1": bad');
  });

  it('has no cause property when none is given', () => {
    expect('cause' in new TfjsPruneError('X', 'm')).toBe(false);
  });

  /** A bundle can hold two copies of this package; the brand still recognises both. */
  it('recognises a library error by its brand, and nothing else', () => {
    const foreign = Object.assign(new Error('copy'), { [Symbol.for('@tfjs-prune/errors.TfjsPruneError')]: true });
    expect(isTfjsPruneError(new ExampleError('EXAMPLE_WORSE', 'm'))).toBe(true);
    expect(isTfjsPruneError(foreign)).toBe(true);
    expect(isTfjsPruneError(new Error('plain'))).toBe(false);
    expect(isTfjsPruneError({ code: 'EXAMPLE_BAD', message: 'm' })).toBe(false);
  });
});
