import { writeFile } from 'node:fs/promises';

import { formatPercent, formatTable } from '../adapters/core.js';
import { loadConfig } from '../adapters/schedules.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { renderScheduleSvg } from '../schedule-svg.js';
import { defaultEpochs, type ScheduleStep, scheduleSteps } from '../schedule-table.js';

export interface ScheduleOptions {
  epochs?: number;
  /** Optimizer steps per epoch, to show schedules counted in steps per epoch. */
  stepsPerEpoch?: number;
  svg?: string;
  json?: boolean;
}

/** Shows what a config's schedules do, epoch by epoch, without a model or tfjs. */
export async function schedule(file: string, options: ScheduleOptions, context: CommandContext): Promise<ExitCode> {
  const config = await loadConfig(file);
  const epochs = options.epochs ?? defaultEpochs(config, options.stepsPerEpoch);
  const steps = scheduleSteps(config, epochs, file, options.stepsPerEpoch);
  if (options.json === true) {
    context.out.result(JSON.stringify({ file, epochs, steps }, null, 2));
  } else {
    context.out.result(formatScheduleTable(steps, config.pruners.map((p) => p.name), epochs));
    context.out.info('* masks are recomputed at the start of that epoch; epochs are 0-based, as tfjs passes them to callbacks');
    if (options.stepsPerEpoch !== undefined) {
      context.out.info(`schedules counted in steps: ${options.stepsPerEpoch} steps per epoch, the sparsity at the epoch's last step, * when an update falls in the epoch`);
    }
  }
  if (options.svg !== undefined) {
    await writeFile(options.svg, await renderScheduleSvg(steps, file));
    context.out.info(`wrote ${options.svg}`);
  }
  return EXIT.ok;
}

/** One row per epoch, one column per pruner: `52.03% *` where masks update. */
export function formatScheduleTable(steps: readonly ScheduleStep[], pruners: readonly string[], epochs: number): string {
  const rows: string[][] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const cells = pruners.map((pruner) => {
      const step = steps.find((s) => s.epoch === epoch && s.pruner === pruner);
      return step === undefined ? '' : `${formatPercent(step.sparsity, 2).padStart(7)}${step.update ? ' *' : '  '}`;
    });
    rows.push([String(epoch), ...cells]);
  }
  return formatTable(['epoch', ...pruners], rows);
}
