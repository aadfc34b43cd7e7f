import { describe, expect, it } from 'vitest';
import { PruningConfigError, validateConfig } from '@tfjs-prune/schedules';

/*
 * The error messages are the user interface of the config format, so each row pins the exact
 * pointers and the exact lines. `source` is "prune.json" throughout.
 */

const poly = { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 8 };
const withPruner = (pruner: object): unknown => ({ pruners: [{ schedule: poly, ...pruner }] });
const withSchedule = (schedule: object): unknown => withPruner({ schedule });

interface Row { why: string; config: unknown; pointers: string[]; lines: string[] }

const rows: Row[] = [
  // The document and the pruner list.
  { why: 'top-level array', config: [], pointers: [''], lines: ['prune.json: / must be an object (got [])'] },
  { why: 'top-level null', config: null, pointers: [''], lines: ['prune.json: / must be an object (got null)'] },
  { why: 'top-level number', config: 42, pointers: [''], lines: ['prune.json: / must be an object (got 42)'] },
  { why: 'missing pruners', config: {}, pointers: [''], lines: ['prune.json: / is missing required key "pruners"'] },
  { why: 'empty pruners', config: { pruners: [] }, pointers: ['/pruners'], lines: ['prune.json: /pruners must have at least 1 item (got [])'] },
  { why: 'pruners not an array', config: { pruners: { schedule: poly } }, pointers: ['/pruners'],
    lines: ['prune.json: /pruners must be an array (got {"schedule":{"type":"polynomial-decay...)'] },
  { why: 'typo key at the top level', config: { prunners: [] }, pointers: ['', ''],
    lines: ['prune.json: / has unknown key "prunners" (did you mean "pruners"?)', 'prune.json: / is missing required key "pruners"'] },
  { why: '$schema not a string', config: { $schema: 7, pruners: [{ schedule: poly }] }, pointers: ['/$schema'],
    lines: ['prune.json: /$schema must be a string (got 7)'] },
  { why: 'pruner not an object', config: { pruners: ['dense'] }, pointers: ['/pruners/0'],
    lines: ['prune.json: /pruners/0 must be an object (got "dense")'] },
  { why: 'pruner without schedule', config: { pruners: [{ name: 'a' }] }, pointers: ['/pruners/0'],
    lines: ['prune.json: /pruners/0 is missing required key "schedule"'] },

  // Pruner fields.
  { why: 'unknown key in a pruner, too far from any key to guess', config: withPruner({ sceduel: 1 }), pointers: ['/pruners/0'],
    lines: ['prune.json: /pruners/0 has unknown key "sceduel"'] },
  { why: 'typo key in a pruner, close enough to suggest', config: withPruner({ criterium: 'magnitude' }), pointers: ['/pruners/0'],
    lines: ['prune.json: /pruners/0 has unknown key "criterium" (did you mean "criterion"?)'] },
  { why: 'unknown criterion', config: withPruner({ criterion: 'l1-norm' }), pointers: ['/pruners/0/criterion'],
    lines: ['prune.json: /pruners/0/criterion must be "magnitude" (got "l1-norm")'] },
  { why: 'criterion with a case typo', config: withPruner({ criterion: 'Magnitude' }), pointers: ['/pruners/0/criterion'],
    lines: ['prune.json: /pruners/0/criterion must be "magnitude" (got "Magnitude"; did you mean "magnitude"?)'] },
  { why: 'wrong scope with suggestion', config: withPruner({ scope: 'globl' }), pointers: ['/pruners/0/scope'],
    lines: ['prune.json: /pruners/0/scope must be one of "layer", "global" (got "globl"; did you mean "global"?)'] },
  { why: 'unknown granularity', config: withPruner({ granularity: 'block' }), pointers: ['/pruners/0/granularity'],
    lines: ['prune.json: /pruners/0/granularity must be "unstructured" (got "block")'] },
  { why: 'granularity of the wrong JSON type', config: withPruner({ granularity: 5 }), pointers: ['/pruners/0/granularity'],
    lines: ['prune.json: /pruners/0/granularity must be "unstructured" (got 5)'] },
  { why: 'empty name', config: withPruner({ name: '' }), pointers: ['/pruners/0/name'],
    lines: ['prune.json: /pruners/0/name must not be empty (got "")'] },
  { why: 'duplicate names', config: { pruners: [{ name: 'dense', schedule: poly }, { name: 'dense', schedule: poly }] },
    pointers: ['/pruners/1/name'], lines: ['prune.json: /pruners/1/name must be unique, but /pruners/0 has the same name (got "dense")'] },
  { why: 'a name equal to another pruner\'s default name', config: { pruners: [{ schedule: poly }, { name: 'pruner-0', schedule: poly }] },
    pointers: ['/pruners/1/name'], lines: ['prune.json: /pruners/1/name must be unique, but it is the default name of /pruners/0 (got "pruner-0")'] },

  // Layer selectors.
  { why: 'typo key in layers', config: withPruner({ layers: { inclde: ['a'] } }), pointers: ['/pruners/0/layers'],
    lines: ['prune.json: /pruners/0/layers has unknown key "inclde" (did you mean "include"?)'] },
  { why: 'layers.include not an array', config: withPruner({ layers: { include: 'dense*' } }), pointers: ['/pruners/0/layers/include'],
    lines: ['prune.json: /pruners/0/layers/include must be an array (got "dense*")'] },
  { why: 'empty-string glob', config: withPruner({ layers: { exclude: ['logits', ''] } }), pointers: ['/pruners/0/layers/exclude/1'],
    lines: ['prune.json: /pruners/0/layers/exclude/1 must not be empty (got "")'] },
  { why: 'bad class name with suggestion', config: withPruner({ layers: { classes: ['dense'] } }), pointers: ['/pruners/0/layers/classes/0'],
    lines: ['prune.json: /pruners/0/layers/classes/0 must be one of "Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D", "Embedding", "LSTM", "GRU", "SimpleRNN" (got "dense"; did you mean "Dense"?)'] },

  // Schedules.
  { why: 'schedule not an object', config: withSchedule([]), pointers: ['/pruners/0/schedule'],
    lines: ['prune.json: /pruners/0/schedule must be an object (got [])'] },
  { why: 'schedule without type', config: withSchedule({ finalSparsity: 0.9 }), pointers: ['/pruners/0/schedule'],
    lines: ['prune.json: /pruners/0/schedule is missing required key "type"'] },
  { why: 'unknown type', config: withSchedule({ type: 'linear', finalSparsity: 0.9 }), pointers: ['/pruners/0/schedule/type'],
    lines: ['prune.json: /pruners/0/schedule/type must be one of "polynomial-decay", "one-shot", "iterative" (got "linear")'] },
  { why: 'type with a typo', config: withSchedule({ type: 'one_shot', sparsity: 0.5 }), pointers: ['/pruners/0/schedule/type'],
    lines: ['prune.json: /pruners/0/schedule/type must be one of "polynomial-decay", "one-shot", "iterative" (got "one_shot"; did you mean "one-shot"?)'] },
  { why: 'typo key next to the intended one: no suggestion of a key already present', config: withSchedule({ ...poly, finalSparsty: 0.9 }), pointers: ['/pruners/0/schedule'],
    lines: ['prune.json: /pruners/0/schedule has unknown key "finalSparsty"'] },
  { why: 'typo key replacing a required one', config: withSchedule({ type: 'polynomial-decay', finalSparsty: 0.9, endEpoch: 8 }),
    pointers: ['/pruners/0/schedule', '/pruners/0/schedule'],
    lines: ['prune.json: /pruners/0/schedule has unknown key "finalSparsty" (did you mean "finalSparsity"?)', 'prune.json: /pruners/0/schedule is missing required key "finalSparsity"'] },
  { why: 'missing endEpoch', config: withSchedule({ type: 'polynomial-decay', finalSparsity: 0.9 }), pointers: ['/pruners/0/schedule'],
    lines: ['prune.json: /pruners/0/schedule is missing required key "endEpoch"'] },
  { why: 'finalSparsity 1.5', config: withSchedule({ ...poly, finalSparsity: 1.5 }), pointers: ['/pruners/0/schedule/finalSparsity'],
    lines: ['prune.json: /pruners/0/schedule/finalSparsity must be < 1 (got 1.5)'] },
  { why: 'finalSparsity 1 (a tensor cannot be pruned away entirely)', config: withSchedule({ ...poly, finalSparsity: 1 }), pointers: ['/pruners/0/schedule/finalSparsity'],
    lines: ['prune.json: /pruners/0/schedule/finalSparsity must be < 1 (got 1)'] },
  { why: 'negative sparsity', config: withSchedule({ type: 'one-shot', sparsity: -0.1 }), pointers: ['/pruners/0/schedule/sparsity'],
    lines: ['prune.json: /pruners/0/schedule/sparsity must be >= 0 (got -0.1)'] },
  { why: 'string instead of number', config: withSchedule({ ...poly, finalSparsity: '0.9' }), pointers: ['/pruners/0/schedule/finalSparsity'],
    lines: ['prune.json: /pruners/0/schedule/finalSparsity must be a number (got "0.9")'] },
  { why: 'negative epoch', config: withSchedule({ type: 'one-shot', sparsity: 0.5, epoch: -1 }), pointers: ['/pruners/0/schedule/epoch'],
    lines: ['prune.json: /pruners/0/schedule/epoch must be >= 0 (got -1)'] },
  { why: 'non-integer rounds', config: withSchedule({ type: 'iterative', finalSparsity: 0.8, rounds: 2.5 }), pointers: ['/pruners/0/schedule/rounds'],
    lines: ['prune.json: /pruners/0/schedule/rounds must be an integer (got 2.5)'] },
  { why: 'zero rounds', config: withSchedule({ type: 'iterative', finalSparsity: 0.8, rounds: 0 }), pointers: ['/pruners/0/schedule/rounds'],
    lines: ['prune.json: /pruners/0/schedule/rounds must be >= 1 (got 0)'] },
  { why: 'zero power', config: withSchedule({ ...poly, power: 0 }), pointers: ['/pruners/0/schedule/power'],
    lines: ['prune.json: /pruners/0/schedule/power must be > 0 (got 0)'] },
  { why: 'endEpoch equal to startEpoch', config: withSchedule({ ...poly, startEpoch: 8 }), pointers: ['/pruners/0/schedule/endEpoch'],
    lines: ['prune.json: /pruners/0/schedule/endEpoch must be > startEpoch, which is 8 (got 8)'] },
  { why: 'endEpoch 0 with the default startEpoch', config: withSchedule({ ...poly, endEpoch: 0 }), pointers: ['/pruners/0/schedule/endEpoch'],
    lines: ['prune.json: /pruners/0/schedule/endEpoch must be > startEpoch, which is 0 (got 0)'] },
  { why: 'initialSparsity above finalSparsity', config: withSchedule({ ...poly, initialSparsity: 0.95 }), pointers: ['/pruners/0/schedule/initialSparsity'],
    lines: ['prune.json: /pruners/0/schedule/initialSparsity must be <= finalSparsity, which is 0.9 (got 0.95)'] },
  { why: 'a cross-field rule stays quiet about a field the schema already rejected', config: withSchedule({ ...poly, startEpoch: 9.5 }),
    pointers: ['/pruners/0/schedule/startEpoch'], lines: ['prune.json: /pruners/0/schedule/startEpoch must be an integer (got 9.5)'] },
  { why: '"__proto__" key', config: JSON.parse('{"pruners": [{"schedule": {"type": "one-shot", "sparsity": 0.5, "__proto__": {"polluted": true}}}]}'),
    pointers: ['/pruners/0/schedule'], lines: ['prune.json: /pruners/0/schedule has unknown key "__proto__"'] },

  // Several problems at once: all reported, sorted by pointer (array indices numerically).
  {
    why: 'several problems at once',
    config: {
      pruners: [
        ...Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, schedule: poly })),
        { name: 'p0', scope: 'everywhere', schedule: { type: 'iterative', finalSparsity: 1, rounds: '4' } },
        { schedule: { type: 'polynomial-decay', finalSparsity: 0.5, initialSparsity: 0.6, startEpoch: 3, endEpoch: 1 } },
      ],
      extra: true,
    },
    pointers: ['', '/pruners/10/name', '/pruners/10/schedule/finalSparsity', '/pruners/10/schedule/rounds', '/pruners/10/scope',
      '/pruners/11/schedule/endEpoch', '/pruners/11/schedule/initialSparsity'],
    lines: [
      'prune.json: / has unknown key "extra"',
      'prune.json: /pruners/10/name must be unique, but /pruners/0 has the same name (got "p0")',
      'prune.json: /pruners/10/schedule/finalSparsity must be < 1 (got 1)',
      'prune.json: /pruners/10/schedule/rounds must be an integer (got "4")',
      'prune.json: /pruners/10/scope must be one of "layer", "global" (got "everywhere")',
      'prune.json: /pruners/11/schedule/endEpoch must be > startEpoch, which is 3 (got 1)',
      'prune.json: /pruners/11/schedule/initialSparsity must be <= finalSparsity, which is 0.5 (got 0.6)',
    ],
  },
];

describe('invalid configs', () => {
  it('has a row for every case the format promises to explain', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  it.each(rows)('$why', ({ config, pointers, lines }) => {
    let thrown: unknown;
    try {
      validateConfig(config, { source: 'prune.json' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PruningConfigError);
    const error = thrown as PruningConfigError;
    expect(error.message).toBe(lines.join('\n'));
    expect(error.issues.map((issue) => issue.pointer)).toEqual(pointers);
    expect(error.source).toBe('prune.json');
    expect(error.name).toBe('PruningConfigError');
  });
});
