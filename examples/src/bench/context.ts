import type { BenchArgs } from './bench-args.js';
import type { Dataset } from '../data/index.js';
import type { Progress } from './progress.js';
import type { VegaLiteSpec } from './plot.js';

/** What every suite gets: the parsed flags, a progress logger and the data, loaded once. */
export interface SuiteContext {
  readonly args: BenchArgs;
  readonly progress: Progress;
  /** Loads (once) the configured data set with the default 8,000 / 2,000 split. */
  readonly data: () => Dataset;
}

/** What a suite hands back; the runner writes `<name>.json`, `<name>.md` and one SVG per plot. */
export interface SuiteOutput {
  readonly name: string;
  /** Everything measured, plus the settings that produced it. */
  readonly json: Record<string, unknown>;
  /** Section for docs/benchmarks: tables, plot links, commentary. Starts with a `## ` heading. */
  readonly markdown: string;
  /** SVG file name → Vega-Lite spec. */
  readonly plots: Readonly<Record<string, VegaLiteSpec>>;
}
