import { describe, expect, it } from 'vitest';
import { PruningConfigError, validateConfig } from '@tfjs-prune/schedules';

/*
 * The error messages are the user interface of the config format, so each row pins the exact
 * pointers and the exact lines. `source` is "prune.json" throughout.
 */

const poly = { type: 'polynomial-decay', finalSparsity: 0.9, endEpoch: 8 };
const withPruner = (pruner: object): unknown => ({ pruners: [{ schedule: poly, ...pruner }] });
const withSchedule = (schedule: object): unknown => withPruner({ schedule });
const iterative = { type: 'iterative', finalSparsity: 0.9, rounds: 3, startEpoch: 2 };
const nm24 = { type: 'n:m', n: 2, m: 4 };

interface Row { why: string; config: unknown; pointers: string[]; lines: string[] }

/** A row with exactly one issue. */
const one = (why: string, config: unknown, pointer: string, message: string): Row =>
  ({ why, config, pointers: [pointer], lines: [`prune.json: ${pointer} ${message}`] });

const criteria = '"magnitude", "random", "gradient", "taylor", "movement", "lamp", "bn-scale"';
const granularities = 'one of "unstructured", "structured" or an object';
const nmReason = (n: number, m: number): string => `with ${n}:${m} granularity, which always prunes 1 - n/m`;

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
    lines: [`prune.json: /pruners/0/criterion must be one of ${criteria} (got "l1-norm")`] },
  { why: 'criterion with a case typo', config: withPruner({ criterion: 'Magnitude' }), pointers: ['/pruners/0/criterion'],
    lines: [`prune.json: /pruners/0/criterion must be one of ${criteria} (got "Magnitude"; did you mean "magnitude"?)`] },
  { why: 'wrong scope with suggestion', config: withPruner({ scope: 'globl' }), pointers: ['/pruners/0/scope'],
    lines: ['prune.json: /pruners/0/scope must be one of "layer", "global" (got "globl"; did you mean "global"?)'] },
  { why: 'a granularity that needs parameters, written as a name: its object form is suggested', config: withPruner({ granularity: 'block' }), pointers: ['/pruners/0/granularity'],
    lines: [`prune.json: /pruners/0/granularity must be ${granularities} (got "block"; did you mean {"type":"block","shape":[4,4]}?)`] },
  { why: 'granularity of the wrong JSON type', config: withPruner({ granularity: 5 }), pointers: ['/pruners/0/granularity'],
    lines: [`prune.json: /pruners/0/granularity must be ${granularities} (got 5)`] },
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
  one('trainable not a boolean', withPruner({ layers: { trainable: 'yes' } }), '/pruners/0/layers/trainable', 'must be a boolean (got "yes")'),
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
    lines: ['prune.json: /pruners/0/schedule is missing required key "endEpoch" (or "endStep", to count optimizer steps)'] },
  one('missing endStep', withSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, startStep: 10 }), '/pruners/0/schedule',
    'is missing required key "endStep" (or "endEpoch", to count epochs)'),
  one('an epoch field and a step field in one polynomial-decay', withSchedule({ ...poly, endStep: 800 }), '/pruners/0/schedule/endStep',
    'cannot be combined with "endEpoch": a schedule counts either epochs (startEpoch, endEpoch, epoch, epochsPerRound) or optimizer steps (startStep, endStep, step, stepsPerRound)'),
  one('an epoch field and a step field in one one-shot', withSchedule({ type: 'one-shot', sparsity: 0.5, epoch: 2, step: 100 }), '/pruners/0/schedule/step',
    'cannot be combined with "epoch": a schedule counts either epochs (startEpoch, endEpoch, epoch, epochsPerRound) or optimizer steps (startStep, endStep, step, stepsPerRound)'),
  one('an epoch field and a step field in one iterative', withSchedule({ ...iterative, stepsPerRound: 100 }), '/pruners/0/schedule/stepsPerRound',
    'cannot be combined with "startEpoch": a schedule counts either epochs (startEpoch, endEpoch, epoch, epochsPerRound) or optimizer steps (startStep, endStep, step, stepsPerRound)'),
  one('iterative in steps without stepsPerRound', withSchedule({ type: 'iterative', finalSparsity: 0.9, rounds: 3, startStep: 5 }), '/pruners/0/schedule',
    'is missing required key "stepsPerRound" (a schedule counted in optimizer steps names the steps between rounds)'),
  one('endStep equal to startStep', withSchedule({ type: 'polynomial-decay', finalSparsity: 0.9, startStep: 50, endStep: 50 }), '/pruners/0/schedule/endStep',
    'must be > startStep, which is 50 (got 50)'),
  one('step not an integer', withSchedule({ type: 'one-shot', sparsity: 0.5, step: 1.5 }), '/pruners/0/schedule/step', 'must be an integer (got 1.5)'),
  one('rewind to an epoch with a schedule counted in steps', withPruner({ rewind: { epoch: 0 }, schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3, stepsPerRound: 100 } }),
    '/pruners/0/rewind/epoch', 'cannot be checked against a schedule counted in optimizer steps: use rewind "init", or count the schedule in epochs (got 0)'),
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

  // Criteria and the random seed.
  one('criterion with a typo', withPruner({ criterion: 'taylr' }), '/pruners/0/criterion',
    `must be one of ${criteria} (got "taylr"; did you mean "taylor"?)`),
  one('bn-scale without a granularity (the default "unstructured")', withPruner({ criterion: 'bn-scale' }), '/pruners/0/criterion',
    'needs granularity "structured", but granularity is "unstructured" (got "bn-scale")'),
  one('bn-scale with block granularity', withPruner({ criterion: 'bn-scale', granularity: { type: 'block', shape: [4, 4] } }), '/pruners/0/criterion',
    'needs granularity "structured", but granularity is "block" (got "bn-scale")'),
  one('seed without criterion "random" (the default criterion)', withPruner({ seed: 3 }), '/pruners/0/seed',
    'needs criterion "random", but criterion is "magnitude" (got 3)'),
  one('seed with a gradient criterion', withPruner({ criterion: 'gradient', seed: 7 }), '/pruners/0/seed',
    'needs criterion "random", but criterion is "gradient" (got 7)'),
  one('fractional seed: the schema\'s message only, not also the criterion rule\'s', withPruner({ seed: 1.5 }), '/pruners/0/seed',
    'must be an integer (got 1.5)'),
  one('seed as a string', withPruner({ criterion: 'random', seed: '7' }), '/pruners/0/seed', 'must be an integer (got "7")'),

  // Granularity names and objects: no ajv anyOf/oneOf noise, one message per mistake.
  one('granularity name with a typo', withPruner({ granularity: 'struct' }), '/pruners/0/granularity',
    `must be ${granularities} (got "struct"; did you mean "structured"?)`),
  one('n:m written as a name', withPruner({ granularity: 'n:m' }), '/pruners/0/granularity',
    `must be ${granularities} (got "n:m"; did you mean {"type":"n:m","n":2,"m":4}?)`),
  one('granularity object with a typo type', withPruner({ granularity: { type: 'blok', shape: [4, 4] } }), '/pruners/0/granularity/type',
    'must be one of "unstructured", "block", "n:m", "structured" (got "blok"; did you mean "block"?)'),
  one('granularity object without type', withPruner({ granularity: { shape: [4, 4] } }), '/pruners/0/granularity',
    'is missing required key "type"'),
  one('n:m without n', withPruner({ granularity: { type: 'n:m', m: 4 }, schedule: { type: 'one-shot', sparsity: 0.5 } }), '/pruners/0/granularity',
    'is missing required key "n"'),
  one('n equal to m; the schedule is not also blamed', withPruner({ granularity: { type: 'n:m', n: 4, m: 4 } }), '/pruners/0/granularity/n',
    'must be < m, which is 4 (got 4)'),
  one('n of 0', withPruner({ granularity: { type: 'n:m', n: 0, m: 4 } }), '/pruners/0/granularity/n', 'must be >= 1 (got 0)'),
  one('m above 64', withPruner({ granularity: { type: 'n:m', n: 2, m: 128 } }), '/pruners/0/granularity/m', 'must be <= 64 (got 128)'),
  one('block side of 0', withPruner({ granularity: { type: 'block', shape: [4, 0] } }), '/pruners/0/granularity/shape/1', 'must be >= 1 (got 0)'),
  one('fractional block side', withPruner({ granularity: { type: 'block', shape: [2.5, 4] } }), '/pruners/0/granularity/shape/0', 'must be an integer (got 2.5)'),
  one('block shape with one side', withPruner({ granularity: { type: 'block', shape: [4] } }), '/pruners/0/granularity/shape', 'must have at least 2 items (got [4])'),
  one('block shape with three sides', withPruner({ granularity: { type: 'block', shape: [4, 4, 4] } }), '/pruners/0/granularity/shape', 'must have at most 2 items (got [4,4,4])'),
  one('block without shape', withPruner({ granularity: { type: 'block' } }), '/pruners/0/granularity', 'is missing required key "shape"'),
  one('block norm unknown', withPruner({ granularity: { type: 'block', shape: [4, 4], norm: 'linf' } }), '/pruners/0/granularity/norm',
    'must be one of "l1", "l2", "max", "avg" (got "linf")'),
  one('structured has no "max" norm', withPruner({ granularity: { type: 'structured', norm: 'max' } }), '/pruners/0/granularity/norm',
    'must be one of "l1", "l2" (got "max")'),
  // A budget target: its shape, and what it asks of the pruners.
  one('target macs 0', { target: { macs: 0 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] }, '/target/macs', 'must be > 0 (got 0)'),
  one('target macs above 1', { target: { macs: 1.5 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] }, '/target/macs', 'must be <= 1 (got 1.5)'),
  one('target with an unknown metric', { target: { flops: 0.5 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] }, '/target',
    'has unknown key "flops"'),
  one('target with both metrics', { target: { macs: 0.5, params: 0.5 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] }, '/target',
    'must have at most 1 key (got {"macs":0.5,"params":0.5})'),
  one('target with no metric', { target: {}, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] }, '/target', 'must have at least 1 key (got {})'),
  one('target without a structured pruner', { target: { macs: 0.5 }, pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] }, '/target',
    'needs a pruner with granularity "structured": only removing channels changes the compacted model\'s MACs and parameters (got {"macs":0.5})'),
  one('target and a finalSparsity on the structured pruner', { target: { macs: 0.5 }, pruners: [{ granularity: 'structured', schedule: poly }] },
    '/pruners/0/schedule/finalSparsity', 'must be left out when the config has a "target": the target decides how much this pruner prunes (got 0.9)'),
  one('target and a scope on the structured pruner', { target: { params: 0.5 }, pruners: [{ granularity: 'structured', scope: 'global', schedule: { type: 'one-shot' } }] },
    '/pruners/0/scope', 'must be left out when the config has a "target": the target sets every channel family\'s width (got "global")'),
  // Under a target no structured pruner's schedule needs a sparsity (the schema's conditional):
  // the one message is about the count.
  one('target with two structured pruners',
    { target: { macs: 0.5 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }, { name: 'b', granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target', 'needs exactly one pruner with granularity "structured", but /pruners/0, /pruners/1 have it (got {"macs":0.5})'),
  one('target with an unstructured pruner without its sparsity',
    { target: { macs: 0.5 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }, { name: 'b', schedule: { type: 'polynomial-decay', endEpoch: 3 } }] },
    '/pruners/1/schedule', 'is missing required key "finalSparsity"'),
  one('target with the structured pruner as an object, timing only, and an iterative pruner without its sparsity',
    { target: { params: 0.5 }, pruners: [{ granularity: { type: 'structured', roundTo: 8 }, schedule: { type: 'iterative', rounds: 2 } }, { name: 'b', granularity: { type: 'block', shape: [1, 4] }, schedule: { type: 'iterative', rounds: 2 } }] },
    '/pruners/1/schedule', 'is missing required key "finalSparsity"'),
  // A latency target: a speedup above 1 at a whole batch size, measured between epochs.
  one('latency speedup 1', { target: { latency: { speedup: 1 } }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target/latency/speedup', 'must be > 1 (got 1)'),
  one('latency batch 0', { target: { latency: { speedup: 2, batch: 0 } }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target/latency/batch', 'must be >= 1 (got 0)'),
  one('latency batch not an integer', { target: { latency: { speedup: 2, batch: 1.5 } }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target/latency/batch', 'must be an integer (got 1.5)'),
  one('latency without a speedup', { target: { latency: { batch: 8 } }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target/latency', 'is missing required key "speedup"'),
  one('latency with a typo', { target: { latency: { speedup: 2, bach: 4 } }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target/latency', 'has unknown key "bach" (did you mean "batch"?)'),
  one('latency as a number', { target: { latency: 2 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target/latency', 'must be an object (got 2)'),
  one('latency and macs', { target: { latency: { speedup: 2 }, macs: 0.5 }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot' } }] },
    '/target', 'must have at most 1 key (got {"latency":{"speedup":2},"macs":0.5})'),
  one('latency without a structured pruner', { target: { latency: { speedup: 2 } }, pruners: [{ schedule: { type: 'one-shot', sparsity: 0.5 } }] }, '/target',
    'needs a pruner with granularity "structured": only removing channels changes the compacted model\'s MACs and parameters (got {"latency":{"speedup":2}})'),
  one('latency and a finalSparsity on the structured pruner', { target: { latency: { speedup: 2 } }, pruners: [{ granularity: 'structured', schedule: poly }] },
    '/pruners/0/schedule/finalSparsity', 'must be left out when the config has a "target": the target decides how much this pruner prunes (got 0.9)'),
  one('latency with a schedule counted in steps', { target: { latency: { speedup: 2 } }, pruners: [{ granularity: 'structured', schedule: { type: 'one-shot', step: 3 } }] },
    '/pruners/0/schedule', 'must count epochs under a latency target, which is measured between epochs (got {"type":"one-shot","step":3})'),
  one('a structured pruner without a sparsity and without a target', withPruner({ granularity: 'structured', schedule: { type: 'one-shot' } }), '/pruners/0/schedule',
    'is missing required key "sparsity"'),
  one('roundTo 0', withPruner({ granularity: { type: 'structured', roundTo: 0 } }), '/pruners/0/granularity/roundTo', 'must be >= 1 (got 0)'),
  one('roundTo not an integer', withPruner({ granularity: { type: 'structured', roundTo: 2.5 } }), '/pruners/0/granularity/roundTo', 'must be an integer (got 2.5)'),
  one('roundTo as a string', withPruner({ granularity: { type: 'structured', roundTo: '8' } }), '/pruners/0/granularity/roundTo', 'must be an integer (got "8")'),
  one('typo key in a granularity object', withPruner({ granularity: { type: 'structured', nrom: 'l2' } }), '/pruners/0/granularity',
    'has unknown key "nrom" (did you mean "norm"?)'),
  one('a key of another granularity kind', withPruner({ granularity: { type: 'unstructured', norm: 'l1' } }), '/pruners/0/granularity',
    'has unknown key "norm"'),

  // n:m sparsity is 1 - n/m by construction, so the schedule must ask for exactly that.
  { why: 'n:m with a polynomial decay that ramps (initialSparsity defaulting to 0)', config: withPruner({ granularity: nm24 }),
    pointers: ['/pruners/0/schedule/finalSparsity', '/pruners/0/schedule/initialSparsity'],
    lines: [
      `prune.json: /pruners/0/schedule/finalSparsity must be 0.5 ${nmReason(2, 4)} (got 0.9)`,
      `prune.json: /pruners/0/schedule/initialSparsity must be 0.5 ${nmReason(2, 4)} (got 0, the default)`,
    ] },
  one('n:m with a one-shot to another sparsity', withPruner({ granularity: nm24, schedule: { type: 'one-shot', sparsity: 0.6 } }),
    '/pruners/0/schedule/sparsity', `must be 0.5 ${nmReason(2, 4)} (got 0.6)`),
  one('n:m with several iterative rounds', withPruner({ granularity: nm24, schedule: { type: 'iterative', finalSparsity: 0.5, rounds: 3 } }),
    '/pruners/0/schedule/rounds', `must be 1 ${nmReason(2, 4)} (got 3)`),
  one('1:3 says the exact value it needs', withPruner({ granularity: { type: 'n:m', n: 1, m: 3 }, schedule: { type: 'one-shot', sparsity: 0.66 } }),
    '/pruners/0/schedule/sparsity', `must be 0.6666666666666667 ${nmReason(1, 3)} (got 0.66)`),

  // Global-scope options.
  one('normalize without scope "global"', withPruner({ normalize: 'layer' }), '/pruners/0/normalize',
    'needs scope "global", but scope is "layer" (got "layer")'),
  one('normalize with a typo', withPruner({ scope: 'global', normalize: 'layers' }), '/pruners/0/normalize',
    'must be one of "none", "layer" (got "layers"; did you mean "layer"?)'),
  one('maxLayerSparsity without scope "global"', withPruner({ scope: 'layer', maxLayerSparsity: 0.95 }), '/pruners/0/maxLayerSparsity',
    'needs scope "global", but scope is "layer" (got 0.95)'),
  one('maxLayerSparsity of 1', withPruner({ scope: 'global', maxLayerSparsity: 1 }), '/pruners/0/maxLayerSparsity', 'must be < 1 (got 1)'),
  one('maxLayerSparsity of 0', withPruner({ scope: 'global', maxLayerSparsity: 0 }), '/pruners/0/maxLayerSparsity', 'must be > 0 (got 0)'),
  one('maxLayerSparsity as a string', withPruner({ scope: 'global', maxLayerSparsity: '0.9' }), '/pruners/0/maxLayerSparsity',
    'must be a number or null (got "0.9")'),

  // Regularization.
  one('regularization written as a name', withPruner({ regularization: 'l1' }), '/pruners/0/regularization', 'must be an object or null (got "l1")'),
  one('group-l1 with the default unstructured granularity', withPruner({ regularization: { type: 'group-l1', strength: 0.001 } }),
    '/pruners/0/regularization/type', 'must be "l1" or "l2" when granularity is "unstructured", which has no groups for "group-l1" (got "group-l1")'),
  one('group-l1 with an unstructured granularity object', withPruner({ granularity: { type: 'unstructured' }, regularization: { type: 'group-l1', strength: 0.001 } }),
    '/pruners/0/regularization/type', 'must be "l1" or "l2" when granularity is "unstructured", which has no groups for "group-l1" (got "group-l1")'),
  one('regularization strength of 0', withPruner({ regularization: { type: 'l1', strength: 0 } }), '/pruners/0/regularization/strength', 'must be > 0 (got 0)'),
  one('regularization without strength', withPruner({ regularization: { type: 'l2' } }), '/pruners/0/regularization', 'is missing required key "strength"'),
  one('regularization type in capitals', withPruner({ regularization: { type: 'L1', strength: 0.001 } }), '/pruners/0/regularization/type',
    'must be one of "l1", "l2", "group-l1" (got "L1"; did you mean "l1"?)'),

  // Rewind.
  one('rewind with a polynomial-decay schedule', withPruner({ rewind: 'init' }), '/pruners/0/rewind',
    'needs an "iterative" schedule, but the schedule is "polynomial-decay" (got "init")'),
  one('rewind to an epoch with a one-shot schedule', withPruner({ rewind: { epoch: 0 }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 2 } }), '/pruners/0/rewind',
    'needs an "iterative" schedule, but the schedule is "one-shot" (got {"epoch":0})'),
  one('rewind name with a typo', withPruner({ rewind: 'inti', schedule: iterative }), '/pruners/0/rewind',
    'must be one of "none", "init" or an object (got "inti"; did you mean "init"?)'),
  one('rewind epoch written as a bare number', withPruner({ rewind: 1, schedule: iterative }), '/pruners/0/rewind',
    'must be one of "none", "init" or an object (got 1)'),
  one('rewind to the epoch of the first round', withPruner({ rewind: { epoch: 2 }, schedule: iterative }), '/pruners/0/rewind/epoch',
    'must be < the schedule\'s startEpoch, which is 2 (got 2)'),
  one('rewind to an epoch with the default startEpoch 0', withPruner({ rewind: { epoch: 0 }, schedule: { type: 'iterative', finalSparsity: 0.9, rounds: 3 } }),
    '/pruners/0/rewind/epoch', 'must be < the schedule\'s startEpoch, which is 0 (got 0)'),
  one('negative rewind epoch', withPruner({ rewind: { epoch: -1 }, schedule: iterative }), '/pruners/0/rewind/epoch', 'must be >= 0 (got -1)'),
  { why: 'typo key in a rewind object', config: withPruner({ rewind: { epcoh: 1 }, schedule: iterative }), pointers: ['/pruners/0/rewind', '/pruners/0/rewind'],
    lines: ['prune.json: /pruners/0/rewind has unknown key "epcoh" (did you mean "epoch"?)', 'prune.json: /pruners/0/rewind is missing required key "epoch"'] },
  {
    why: 'several problems with new options at once, each reported once',
    config: withPruner({
      criterion: 'movement', seed: 5, normalize: 'layer', granularity: { type: 'n:m', n: 1, m: 4 },
      schedule: { type: 'one-shot', sparsity: 0.5, epoch: 1 }, rewind: { epoch: 0 },
    }),
    pointers: ['/pruners/0/normalize', '/pruners/0/rewind', '/pruners/0/schedule/sparsity', '/pruners/0/seed'],
    lines: [
      'prune.json: /pruners/0/normalize needs scope "global", but scope is "layer" (got "layer")',
      'prune.json: /pruners/0/rewind needs an "iterative" schedule, but the schedule is "one-shot" (got {"epoch":0})',
      `prune.json: /pruners/0/schedule/sparsity must be 0.75 ${nmReason(1, 4)} (got 0.5)`,
      'prune.json: /pruners/0/seed needs criterion "random", but criterion is "movement" (got 5)',
    ],
  },

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
    expect(rows.length).toBeGreaterThanOrEqual(80);
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
