import { describe, expect, it } from 'vitest';
import { prunableLayerClasses, validateConfig } from '@tfjs-prune/schedules';
import { thrownMessage } from './support/thrown-message.js';

/** Core's `registerLayer` lets users prune their own layer classes; configs must be able to name them. */
const schedule = { type: 'one-shot', sparsity: 0.5 } as const;
const builtIns = prunableLayerClasses.map((name) => JSON.stringify(name)).join(', ');

const message = thrownMessage;

describe('layers.classes with classes the caller registered', () => {
  it('accepts a registered class beside built-in ones', () => {
    const config = validateConfig({ pruners: [{ layers: { classes: ['MyDense', 'Dense'] }, schedule }] }, { layerClasses: ['MyDense'] });
    expect(config.pruners[0]?.layers).toStrictEqual({ classes: ['MyDense', 'Dense'] });
  });

  it('refuses it when not registered, as before', () => {
    expect(message(() => validateConfig({ pruners: [{ layers: { classes: ['MyDense'] }, schedule }] })))
      .toBe(`config: /pruners/0/layers/classes/0 must be one of ${builtIns} (got "MyDense"; did you mean "Dense"?)`);
  });

  it('lists registered classes among the allowed ones and suggests them', () => {
    expect(message(() => validateConfig({ pruners: [{ layers: { classes: ['MyDence', 'Foo'] }, schedule }] }, { layerClasses: ['MyDense', 'Dense'] })))
      .toBe([
        `config: /pruners/0/layers/classes/0 must be one of ${builtIns}, "MyDense" (got "MyDence"; did you mean "MyDense"?)`,
        `config: /pruners/0/layers/classes/1 must be one of ${builtIns}, "MyDense" (got "Foo")`,
      ].join('\n'));
  });

  it('checks the list it is given', () => {
    expect(message(() => validateConfig({ pruners: [{ schedule }] }, { layerClasses: ['', 3] as never }))).toBe([
      'validateConfig options: /layerClasses/0 must be a non-empty string (got "")',
      'validateConfig options: /layerClasses/1 must be a non-empty string (got 3)',
    ].join('\n'));
  });
});
