import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { tf } from '../../core/test/support/cpu-backend.js';
import { tinyData, tinyMlp } from '../../core/test/support/models.js';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { distillationLoss, fitWithDistillation } from '@tfjs-prune/callbacks/distillation';

/** T² · KL(p_T ‖ q_T) with x_T ∝ x^(1/T), in float64: the formula the loss must equal. */
function expectedSoftLoss(p: number[], q: number[], temperature: number): number {
  const soften = (x: number[]) => {
    const powered = x.map((v) => v ** (1 / temperature));
    const sum = powered.reduce((a, b) => a + b, 0);
    return powered.map((v) => v / sum);
  };
  const pT = soften(p);
  const qT = soften(q);
  return temperature ** 2 * pT.reduce((sum, pi, i) => sum + pi * Math.log(pi / qT[i]!), 0);
}

describe('distillationLoss', () => {
  it('equals T²·KL(p_T ‖ q_T) per example, and is 0 when the student predicts what the teacher does', () => {
    const teacher = [[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]];
    const student = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]];
    const before = tf.memory().numTensors;
    const p = tf.tensor2d(teacher);
    const q = tf.tensor2d(student);
    const loss = distillationLoss({ temperature: 2 })(p, q);
    expect(loss.shape).toEqual([2]);
    const [first, second] = loss.dataSync();
    expect(first).toBeCloseTo(expectedSoftLoss(teacher[0]!, student[0]!, 2), 6);
    expect(expectedSoftLoss(teacher[0]!, student[0]!, 2)).toBeCloseTo(0.09859, 5);
    expect(second).toBeCloseTo(0, 6);
    tf.dispose([p, q, loss]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a bad temperature', () => {
    expect(() => distillationLoss({ temperature: 0 })).toThrow('distillation temperature must be a finite number > 0 (got 0)');
    expect(() => distillationLoss({ temperature: Number.NaN })).toThrow('(got NaN)');
  });
});

describe('fitWithDistillation', () => {
  const compiled = (seed: number) => {
    const model = tinyMlp(seed);
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    return model;
  };
  const fitArgs = { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 } as const;

  /** With alpha 0 the soft term weighs nothing: the student must train exactly as a plain fit. */
  it('with alpha 0 trains the student exactly as model.fit does; with alpha 1 differently', async () => {
    const { x, y } = tinyData(16);
    const teacher = tinyMlp(9);
    const plain = compiled(1);
    await plain.fit(x, y, fitArgs);
    const distilled = compiled(1);
    const before = tf.memory().numTensors;
    await fitWithDistillation(distilled, teacher, x, y, { ...fitArgs, alpha: 0 });
    expect(tf.memory().numTensors).toBe(before);
    const values = (m: tfl.LayersModel) => m.getWeights().flatMap((w) => [...w.dataSync()]);
    const difference = Math.max(...values(plain).map((v, i) => Math.abs(v - values(distilled)[i]!)));
    expect(difference).toBeLessThan(1e-6);

    const soft = compiled(1);
    await fitWithDistillation(soft, teacher, x, y, { ...fitArgs, alpha: 1, temperature: 2 });
    expect(Math.max(...values(plain).map((v, i) => Math.abs(v - values(soft)[i]!)))).toBeGreaterThan(1e-3);
    // With alpha 1 the student moves towards the teacher: their predictions get closer.
    const gap = (m: tfl.LayersModel) => tf.tidy(() => tf.mean(tf.abs(tf.sub(m.predict(x) as tf.Tensor, teacher.predict(x) as tf.Tensor))).dataSync()[0]!);
    expect(gap(soft)).toBeLessThan(gap(plain));
    tf.dispose([x, y]);
    [teacher, plain, distilled, soft].forEach((m) => m.dispose());
  });

  it('works with a PruningCallback attached to the student: its masks hold after the fit', async () => {
    const { x, y } = tinyData(16);
    const teacher = tinyMlp(9);
    const student = compiled(1);
    const pruning = new PruningCallback({ pruners: [{ layers: { include: ['hidden1'] }, schedule: { type: 'one-shot', sparsity: 0.5 } }] });
    pruning.attach(student);
    await fitWithDistillation(student, teacher, x, y, { ...fitArgs, callbacks: [pruning] });
    const kernel = student.getLayer('hidden1').getWeights()[0]!.dataSync();
    expect(kernel.filter((v) => v === 0).length).toBe(12);
    expect(pruning.strip()).toBe(student);
    tf.dispose([x, y]);
    teacher.dispose();
    student.dispose();
  });

  it('refuses an alpha outside [0, 1], an uncompiled student and a teacher of another output shape', async () => {
    const { x, y } = tinyData(4);
    const student = compiled(1);
    await expect(fitWithDistillation(student, tinyMlp(2), x, y, { alpha: 1.5 })).rejects.toThrow('distillation alpha must be a number in [0, 1] (got 1.5)');
    await expect(fitWithDistillation(tinyMlp(3), tinyMlp(2), x, y)).rejects.toThrow('fitWithDistillation: compile the student');
    const wide = tfl.sequential({ layers: [tfl.layers.dense({ units: 5, inputShape: [4], activation: 'softmax' })] });
    const before = tf.memory().numTensors;
    await expect(fitWithDistillation(student, wide, x, y)).rejects.toThrow(
      "fitWithDistillation: the teacher predicts shape [4, 5] but the student's output is [batch, 3]",
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
