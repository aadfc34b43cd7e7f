import type * as tfl from '@tensorflow/tfjs-layers';

import { compact, formatCompactionReport, type CompactionReport } from '../adapters/compact.js';
import { exportModel, formatExportReport, type ExportReport } from '../adapters/core.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadSavedModel } from '../load-model.js';
import { useBackend } from '../use-backend.js';

export interface ExportOptions {
  quantize?: string;
  compact?: boolean;
  foldBatchNorm?: boolean;
  json?: boolean;
}

const QUANTIZE = ['float16', 'uint8'] as const;

/** Re-exports a saved model in the standard format, optionally compacted and quantized. */
export async function exportCommand(modelPath: string, outDir: string, options: ExportOptions, context: CommandContext): Promise<ExitCode> {
  const quantize = parseQuantize(options.quantize);
  if (options.foldBatchNorm === true && options.compact !== true) throw usageError('--fold-batch-norm is a step of --compact: pass both');
  await useBackend('read', context);
  const { model } = await loadSavedModel(modelPath);
  let compacted: { model: tfl.LayersModel; report: CompactionReport } | undefined;
  try {
    // Compaction first, so a refusal costs nothing and writes nothing.
    if (options.compact === true) compacted = await compact(model, { foldBatchNorm: options.foldBatchNorm === true });
    const report = await exportModel(compacted?.model ?? model, outDir, quantize);
    context.out.result(options.json === true ? JSON.stringify(asJson(report, compacted?.report), null, 2) : asText(report, compacted?.report));
  } finally {
    compacted?.model.dispose();
    model.dispose();
  }
  return EXIT.ok;
}

/** The export report as before, with the compaction beside it when there was one, so scripts reading the plain export keep working. */
function asJson(report: ExportReport, compaction: CompactionReport | undefined): ExportReport & { compaction?: CompactionReport } {
  return compaction === undefined ? report : { ...report, compaction };
}

function asText(report: ExportReport, compaction: CompactionReport | undefined): string {
  const size = formatExportReport(report);
  return compaction === undefined ? size : `${formatCompactionReport(compaction)}\n\n${size}`;
}

function parseQuantize(value: string | undefined): (typeof QUANTIZE)[number] | undefined {
  if (value === undefined) return undefined;
  const known = QUANTIZE.find((q) => q === value);
  if (known === undefined) throw usageError(`--quantize must be float16 or uint8 (got "${value}")`);
  return known;
}
