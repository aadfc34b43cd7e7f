import { describe, expect, it } from 'vitest';

import { BACKEND_CHOICES, BackendError, backendChoiceFromEnv } from '../../src/backend/index.js';

describe('backendChoiceFromEnv', () => {
  it.each(BACKEND_CHOICES)('accepts TFJS_PRUNE_BACKEND=%s', (choice) => {
    expect(backendChoiceFromEnv({ TFJS_PRUNE_BACKEND: choice })).toBe(choice);
  });

  it('forgives case and spaces', () => {
    expect(backendChoiceFromEnv({ TFJS_PRUNE_BACKEND: ' CPU ' })).toBe('cpu');
  });

  it.each([{}, { TFJS_PRUNE_BACKEND: '' }, { TFJS_PRUNE_BACKEND: '  ' }])('is undefined when unset or blank (%o)', (env) => {
    expect(backendChoiceFromEnv(env)).toBeUndefined();
  });

  it('names the variable when the value is not a backend', () => {
    expect(() => backendChoiceFromEnv({ TFJS_PRUNE_BACKEND: 'gpu' })).toThrow(
      new BackendError('BACKEND_CHOICE', 'TFJS_PRUNE_BACKEND="gpu" is not a backend: expected one of auto, node-gpu, node, wasm, cpu'),
    );
  });

  it('reads process.env by default', () => {
    const saved = process.env['TFJS_PRUNE_BACKEND'];
    process.env['TFJS_PRUNE_BACKEND'] = 'cpu';
    try {
      expect(backendChoiceFromEnv()).toBe('cpu');
    } finally {
      if (saved === undefined) delete process.env['TFJS_PRUNE_BACKEND'];
      else process.env['TFJS_PRUNE_BACKEND'] = saved;
    }
  });
});
