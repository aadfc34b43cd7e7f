import { Command, Option } from 'commander';

import type { CommandContext } from './command-context.js';
import type { BenchOptions } from './commands/bench.js';
import type { PruneOptions } from './commands/prune.js';
import type { SensitivityOptions } from './commands/sensitivity.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { openFraction, positiveInteger, positiveIntegerList, positiveNumber, sparsityList } from './option-parsers.js';
import { createOutput } from './output.js';

const example = (...lines: string[]): string => `\nExample:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

/**
 * The `tfjs-prune` program. Commands are imported when they run, so `validate` and `schedule`
 * never load TensorFlow.js. Each action stores its exit status in `status.code`; commander's
 * own exits are turned into thrown errors (exitOverride) so `main` decides how they end.
 */
export function buildProgram(version: string, status: { code: ExitCode }): Command {
  const program = new Command('tfjs-prune')
    .description('Check pruning configs, see their schedules, and inspect, export and prune saved TensorFlow.js models.')
    .version(version)
    .option('-q, --quiet', 'print only results and errors, no progress or notes')
    .option('--no-color', 'no colours (NO_COLOR=1 does the same)')
    .showSuggestionAfterError(true)
    // Commander puts "(Did you mean ...?)" on a line of its own; errors here are one line each.
    .configureOutput({ outputError: (text, write) => write(text.replace(/\n(?=\(Did you mean)/, ' ')) })
    .exitOverride()
    .addHelpText('after', example('tfjs-prune init prune.json', 'tfjs-prune validate prune.json', 'tfjs-prune <command> --help'));

  const run =
    <A extends unknown[]>(action: (context: CommandContext, ...args: A) => Promise<ExitCode>) =>
    async (...args: A) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals<{ quiet?: boolean; color?: boolean }>();
      const out = createOutput({ quiet: globals.quiet ?? false, color: globals.color ?? true });
      status.code = await action({ out }, ...args);
    };

  program
    .command('validate')
    .description('check config files; every problem in every file, then exit 1 if any is invalid')
    .argument('<config...>', 'JSON config files')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', example('tfjs-prune validate prune.json configs/*.json', 'tfjs-prune validate --json prune.json'))
    .action(run((context, files: string[], options: { json?: boolean }) => import('./commands/validate.js').then((m) => m.validate(files, options, context))));

  program
    .command('schedule')
    .description("show each pruner's target sparsity and mask updates per epoch")
    .argument('<config>', 'a JSON config file')
    .option('--epochs <n>', 'epochs to show (default: through the last update, plus one)', positiveInteger)
    .option('--steps-per-epoch <n>', 'optimizer steps (batches) per epoch, to show schedules counted in steps', positiveInteger)
    .option('--svg <file>', 'also draw the curves into an SVG file')
    .option('--json', 'print the steps as JSON on stdout')
    .addHelpText('after', example('tfjs-prune schedule prune.json --epochs 10 --svg schedule.svg', 'tfjs-prune schedule steps.json --steps-per-epoch 250'))
    .action(
      run((context, file: string, options: { epochs?: number; stepsPerEpoch?: number; svg?: string; json?: boolean }) =>
        import('./commands/schedule.js').then((m) => m.schedule(file, options, context)),
      ),
    );

  program
    .command('report')
    .description('per-layer and total sparsity, nonzero parameters and weight bytes of a saved LayersModel')
    .argument('<model>', 'model.json (or the folder holding it)')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', example('tfjs-prune report out/pruned/model.json'))
    .action(run((context, model: string, options: { json?: boolean }) => import('./commands/report.js').then((m) => m.report(model, options, context))));

  program
    .command('bench')
    .description('time model.predict against sparsify(model).predict (@tfjs-prune/sparse) on one backend, after checking they agree')
    .argument('<model>', 'model.json (or the folder holding it)')
    .option('--batch <list>', 'comma-separated batch sizes', positiveIntegerList, [1, 64])
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'))
    .option('--repeats <n>', 'alternated samples of each side per batch size (each at least 50 ms of predictions)', positiveInteger, 11)
    .option('--json', 'print the sparsify report and the timings as JSON on stdout')
    .addHelpText('after', example('tfjs-prune bench out/pruned/model.json', 'tfjs-prune bench out/pruned/model.json --batch 1,8,64 --backend cpu'))
    .action(run((context, model: string, options: BenchOptions) => import('./commands/bench.js').then((m) => m.bench(model, options, context))));

  program
    .command('export')
    .description('re-export a saved model in the standard format, optionally compacted and quantized, with a size report')
    .argument('<model>', 'model.json (or the folder holding it)')
    .argument('<outdir>', 'folder to write model.json and weights.bin into')
    .addOption(new Option('--quantize <kind>', 'store weights in fewer bits').choices(['float16', 'uint8']))
    .option('--compact', 'first remove pruned channels physically (fewer units and filters, same predictions)')
    .option('--fold-batch-norm', 'with --compact: also merge each BatchNormalization into the layer before it (faster; for inference only)')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', example('tfjs-prune export out/pruned/model.json dist/model --quantize uint8', 'tfjs-prune export out/pruned/model.json dist/small --compact --fold-batch-norm'))
    .action(
      run((context, model: string, outDir: string, options: { quantize?: string; compact?: boolean; foldBatchNorm?: boolean; json?: boolean }) =>
        import('./commands/export.js').then((m) => m.exportCommand(model, outDir, options, context)),
      ),
    );

  program
    .command('prune')
    .description('fine-tune a saved classifier with pruning on labelled data, then export it')
    .argument('<model>', 'model.json (or the folder holding it) of a classifier with a softmax output')
    .requiredOption('--config <file>', 'the pruning config (JSON)')
    .requiredOption('--data <source>', 'mnist (bundled digits), idx:<dir> (MNIST IDX files) or csv:<file> (header row, label column)')
    .requiredOption('--epochs <n>', 'total epochs to train', positiveInteger)
    .requiredOption('--out <dir>', 'folder for the pruned model')
    .option('--checkpoint <dir>', 'checkpoint every epoch here; the same command again resumes')
    .option('--batch-size <n>', 'samples per optimizer step', positiveInteger, 32)
    .option('--learning-rate <lr>', 'Adam learning rate, when the saved model is not compiled', positiveNumber, 0.001)
    .option('--label <column>', 'the CSV label column', 'label')
    .option('--train-size <n>', 'training samples to use (mnist, idx)', positiveInteger)
    .addOption(new Option('--quantize <kind>', 'quantize the exported weights').choices(['float16', 'uint8']))
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'))
    .option('--strict', 'exit 3, exporting nothing, when training ends before a schedule reaches its final sparsity')
    .addHelpText(
      'after',
      example('tfjs-prune prune model/model.json --config prune.json --data mnist --epochs 10 --out pruned --checkpoint ckpt'),
    )
    .action(
      run((context, model: string, options: PruneOptions) => import('./commands/prune.js').then((m) => m.prune(model, options, context))),
    );

  program
    .command('sensitivity')
    .description('prune each channel family alone at several sparsities and measure accuracy or loss on held-out data')
    .argument('<model>', 'model.json (or the folder holding it) of a classifier with a softmax output')
    .requiredOption('--data <source>', 'held-out data: mnist (bundled digits) or idx:<dir> (their test split, which prune does not train on), or csv:<file> (header row, label column)')
    .option('--limit <n>', 'evaluate on the first N held-out samples', positiveInteger, 1000)
    .addOption(
      new Option('--sparsities <list>', 'comma-separated channel sparsities to try per family, each in (0, 1)')
        .argParser(sparsityList)
        .default([0.25, 0.5, 0.75], '0.25,0.5,0.75'),
    )
    .addOption(
      new Option('--metric <name>', "accuracy (argmax of the predictions against the labels) or loss (the model's compiled loss when its model.json has a training config, else categorical cross-entropy)")
        .choices(['accuracy', 'loss'])
        .default('accuracy'),
    )
    .option('--label <column>', 'the CSV label column', 'label')
    .option('--svg <file>', 'also draw metric against sparsity, one line per family, the baseline dashed')
    .option('--config <file>', 'with --target: write a config with one structured pruner per family')
    .option(
      '--target <fraction>',
      'with --config: sparsity in (0, 1) over all measured channels. Rule: every family starts dense; repeatedly take the measured step (a family to its next sparsity) that loses the least metric per channel removed, until the target is reached (undoing the last step when that lands closer)',
      openFraction,
    )
    .option('--end-epoch <n>', "the written pruners' last mask update (polynomial decay from epoch 0)", positiveInteger, 5)
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'))
    .option('--json', 'print the measurements as JSON on stdout')
    .addHelpText(
      'after',
      example('tfjs-prune sensitivity model/model.json --data mnist --svg sensitivity.svg', 'tfjs-prune sensitivity model/model.json --data mnist --config prune.json --target 0.5'),
    )
    .action(
      run((context, model: string, options: SensitivityOptions) => import('./commands/sensitivity.js').then((m) => m.sensitivity(model, options, context))),
    );

  program
    .command('init')
    .description('write a starter config (a polynomial-decay pruner) whose $schema resolves from where it is written')
    .argument('[file]', 'where to write it', 'prune.json')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', example('tfjs-prune init', 'tfjs-prune init configs/prune.json'))
    .action(run((context, file: string, options: { force?: boolean }) => import('./commands/init.js').then((m) => m.init(file, options, context))));

  status.code = EXIT.ok;
  return program;
}
