import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { formatModelReport } from '../format-model-report.js';
import { loadSavedModel } from '../load-model.js';
import { modelReport } from '../model-report.js';
import { useBackend } from '../use-backend.js';

export interface ReportOptions {
  json?: boolean;
}

/** Reads a saved model and reports how sparse it is and how much its weights weigh. */
export async function report(modelPath: string, options: ReportOptions, context: CommandContext): Promise<ExitCode> {
  await useBackend('read', context);
  const { model, weightBytes } = await loadSavedModel(modelPath);
  try {
    const result = modelReport(modelPath, model, weightBytes);
    context.out.result(options.json === true ? JSON.stringify(result, null, 2) : formatModelReport(result));
  } finally {
    model.dispose();
  }
  return EXIT.ok;
}
