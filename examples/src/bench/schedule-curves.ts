/** The three schedules of the accuracy protocol, drawn: sparsity during each epoch. No training. */
import { createSchedule } from '@tfjs-prune/schedules';

import { ACCURACY_EPOCHS, SCHEDULE_KINDS, scheduleFor } from './accuracy-specs.js';
import type { SuiteContext, SuiteOutput } from './context.js';
import { markdownTable, pct } from './markdown.js';

const SPARSITY = 0.9;

export async function runScheduleCurves(ctx: SuiteContext): Promise<SuiteOutput> {
  const curves = SCHEDULE_KINDS.map((kind) => {
    const spec = scheduleFor(kind, SPARSITY);
    const schedule = createSchedule(spec);
    const epochs = Array.from({ length: ACCURACY_EPOCHS }, (_, e) => e);
    return { kind, spec: schedule.toJSON(), sparsity: epochs.map((e) => schedule.sparsityAt(e)), updates: epochs.filter((e) => schedule.updatesAt(e)) };
  });
  ctx.progress.log(`schedules: ${curves.map((c) => `${c.kind} updates at ${c.updates.join(',')}`).join('; ')}`);
  const table = markdownTable(
    ['schedule', 'spec', 'mask updates at epochs', ...Array.from({ length: ACCURACY_EPOCHS }, (_, e) => `e${e}`)],
    curves.map((c) => [c.kind, `\`${JSON.stringify(c.spec)}\``, c.updates.join(', '), ...c.sparsity.map((s) => pct(s, 1))]),
  );
  const values = curves.flatMap((c) => c.sparsity.flatMap((s, e) => [{ kind: c.kind, epoch: e, sparsity: s }, { kind: c.kind, epoch: e + 1, sparsity: s }]));
  return {
    name: 'schedules',
    json: { epochs: ACCURACY_EPOCHS, finalSparsity: SPARSITY, curves },
    markdown: [
      '## Schedules used by the accuracy runs',
      '',
      `Sparsity during each of the ${ACCURACY_EPOCHS} epochs (0-based) for a ${SPARSITY * 100}% target, as the library's own ` +
        '`createSchedule` computes it. All three finish pruning at the start of epoch 6, leaving 4 epochs of fine-tuning at the final ' +
        'sparsity, and none prunes before epoch 1, so gradient-based criteria always have gradients to score with.',
      '',
      table,
      '',
      '![schedule curves](schedules.svg)',
    ].join('\n'),
    plots: {
      'schedules.svg': {
        width: 480,
        height: 220,
        title: `Sparsity during training (target ${SPARSITY * 100}%)`,
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { domain: [0, ACCURACY_EPOCHS] } },
          y: { field: 'sparsity', type: 'quantitative', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color: { field: 'kind', type: 'nominal', title: 'schedule' },
          strokeDash: { field: 'kind', type: 'nominal', title: 'schedule' },
        },
      },
    },
  };
}
