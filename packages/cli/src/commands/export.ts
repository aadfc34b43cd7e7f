import { exportModel, formatExportReport } from '../adapters/core.js';
import { compactModel } from '../adapters/compact.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadSavedModel } from '../load-model.js';
import { useBackend } from '../use-backend.js';

export interface ExportOptions {
  quantize?: string;
  compact?: boolean;
  json?: boolean;
}

const QUANTIZE = ['float16', 'uint8'] as const;

/** Re-exports a saved model in the standard format, optionally quantized (and compacted). */
export async function exportCommand(modelPath: string, outDir: string, options: ExportOptions, context: CommandContext): Promise<ExitCode> {
  const quantize = parseQuantize(options.quantize);
  await useBackend('read', context);
  const { model } = await loadSavedModel(modelPath);
  try {
    // Compaction first, so a refusal costs nothing and writes nothing.
    const compacted = options.compact === true ? compactModel(model) : undefined;
    const target = compacted?.model ?? model;
    try {
      const report = await exportModel(target, outDir, quantize);
      context.out.result(options.json === true ? JSON.stringify(report, null, 2) : formatExportReport(report));
      for (const line of compacted?.summary ?? []) context.out.info(line);
    } finally {
      if (compacted !== undefined && compacted.model !== model) compacted.model.dispose();
    }
  } finally {
    model.dispose();
  }
  return EXIT.ok;
}

function parseQuantize(value: string | undefined): (typeof QUANTIZE)[number] | undefined {
  if (value === undefined) return undefined;
  const known = QUANTIZE.find((q) => q === value);
  if (known === undefined) throw usageError(`--quantize must be float16 or uint8 (got "${value}")`);
  return known;
}
