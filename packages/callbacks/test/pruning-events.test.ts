import { describe, expect, it } from 'vitest';

import { type EpochEndEvent, PruningEventEmitter } from '../src/pruning-events.js';

const event = (epoch: number): EpochEndEvent => ({ epoch, sparsity: 0, pruners: {} });

/** The emitter replaced eventemitter3: these are the semantics users had from it and keep. */
describe('PruningEventEmitter', () => {
  it('on, once and off: every registration runs, once runs once, off removes all of a listener', () => {
    const calls: string[] = [];
    const emitter = new PruningEventEmitter(() => calls.push('error'));
    const a = (e: EpochEndEvent) => calls.push(`a${e.epoch}`);
    const b = (e: EpochEndEvent) => calls.push(`b${e.epoch}`);
    emitter.on('epochEnd', a);
    emitter.on('epochEnd', a);
    emitter.once('epochEnd', b);
    expect(emitter.listenerCount('epochEnd')).toBe(3);
    emitter.emit('epochEnd', event(0));
    emitter.emit('epochEnd', event(1));
    emitter.off('epochEnd', a);
    emitter.emit('epochEnd', event(2));
    expect(calls).toEqual(['a0', 'a0', 'b0', 'a1', 'a1']);
    expect(emitter.listenerCount('epochEnd')).toBe(0);
    expect(emitter.listenerCount('maskUpdate')).toBe(0);
  });

  it('an emit runs the listeners registered when it began, whatever they add or remove', () => {
    const calls: string[] = [];
    const emitter = new PruningEventEmitter(() => undefined);
    const late = () => calls.push('late');
    const second = () => calls.push('second');
    emitter.on('epochEnd', () => {
      calls.push('first');
      emitter.off('epochEnd', second);
      emitter.on('epochEnd', late);
    });
    emitter.on('epochEnd', second);
    emitter.emit('epochEnd', event(0));
    expect(calls).toEqual(['first', 'second']);
    calls.length = 0;
    emitter.emit('epochEnd', event(1));
    expect(calls).toEqual(['first', 'late']);
  });

  it('a throwing listener is reported once, with its event, and the others still run', () => {
    const reported: string[] = [];
    const calls: number[] = [];
    const emitter = new PruningEventEmitter((error, name) => reported.push(`${name}: ${(error as Error).message}`));
    emitter.on('epochEnd', () => {
      throw new Error('boom');
    });
    emitter.on('epochEnd', (e) => calls.push(e.epoch));
    emitter.emit('epochEnd', event(0));
    emitter.emit('epochEnd', event(1));
    expect(reported).toEqual(['epochEnd: boom']);
    expect(calls).toEqual([0, 1]);
  });
});
