import { describe, expect, it } from 'vitest';

import { parseBenchArgs, QUICK_SUITES, SUITES } from '../../src/bench/bench-args.js';
import { CNN_NAMES } from '../../src/models/cnn-models.js';

const parse = (...argv: string[]) => parseBenchArgs(argv, { out: '/out' });

describe('parseBenchArgs', () => {
  it('defaults to the quick set on wasm with the bundled digits', () => {
    expect(parse()).toEqual({ backend: 'wasm', full: false, suites: [...QUICK_SUITES], rounds: undefined, data: { kind: 'mnist-package' }, out: '/out', jobs: 2, models: [...CNN_NAMES] });
  });

  it('--full runs every suite, accuracy included', () => {
    const args = parse('--full');
    expect(args !== 'help' && args.suites).toEqual([...SUITES]);
    expect(args !== 'help' && args.suites).toContain('accuracy');
  });

  it('--only keeps the canonical order and drops duplicates', () => {
    const args = parse('--only', 'size,overhead,size');
    expect(args !== 'help' && args.suites).toEqual(['overhead', 'size']);
  });

  it('--only sparse,latency,compact selects the three speed suites, which --full runs last', () => {
    const args = parse('--only', 'sparse,compact,latency');
    expect(args !== 'help' && args.suites).toEqual(['latency', 'compact', 'sparse']);
    expect(SUITES.slice(-3)).toEqual(['latency', 'compact', 'sparse']);
    expect(QUICK_SUITES).not.toContain('latency');
    expect(QUICK_SUITES).not.toContain('compact');
    expect(QUICK_SUITES).not.toContain('sparse');
  });

  it('reads --backend, --rounds, --jobs, --out and --data idx:<dir>', () => {
    expect(parse('--backend', 'cpu', '--rounds', '5', '--jobs', '1', '--out', 'x', '--data', 'idx:/d')).toMatchObject({
      backend: 'cpu',
      rounds: 5,
      jobs: 1,
      out: 'x',
      data: { kind: 'idx', dir: '/d' },
    });
  });

  it('--models picks CNNs for latency and compact, in the canonical order', () => {
    const args = parse('--models', 'resnet,lenet-5');
    expect(args !== 'help' && args.models).toEqual(CNN_NAMES.filter((n) => n === 'resnet' || n === 'lenet-5'));
    expect(() => parse('--models', 'vgg')).toThrow(`--models takes a comma-separated list of ${CNN_NAMES.join(', ')} (got "vgg")`);
  });

  it('returns "help" for --help, also after the `--` that npm run passes', () => {
    expect(parse('--help')).toBe('help');
    expect(parse('--', '--help')).toBe('help');
  });

  it.each([
    [['--only', 'speed'], /--only takes a comma-separated list of schedules, overhead/],
    [['--only', ','], /--only takes/],
    [['--rounds', '0'], /--rounds must be a positive integer \(got "0"\)/],
    [['--jobs', '1.5'], /--jobs must be a positive integer/],
    [['--backend', 'gpu'], /--backend must be one of/],
    [['--data', 'csv:x'], /--data "csv:x" is not recognised/],
    [['--fast'], /Unknown option '--fast'[\s\S]*Usage: pnpm bench/],
  ])('rejects %j with a message that says what is accepted', (argv, message) => {
    expect(() => parse(...argv)).toThrow(message);
  });
});
