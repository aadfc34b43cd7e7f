import type { ChannelHandler } from '../channel-graph/channel-handler.js';
import { LayerRegistryError } from '../errors/layer-registry-error.js';
import type { LayerHandler } from './layer-handler.js';
import type { PrunableLayerSpec, PrunableWeightSpec } from './prunable-layer-spec.js';
import { unitAxes } from './prunable-layer-spec.js';

const handlerKeys: readonly string[] = ['weights', 'bias', 'channels', 'macs'];

/**
 * A registered handler, checked, with its prunable half copied and frozen so a caller mutating
 * its object later cannot change what pruning masks (the channel half is code and is kept as
 * given). `where` prefixes every message (`registerLayer("MyDense")`).
 */
export function checkedHandler(where: string, handler: LayerHandler): LayerHandler {
  const fail = failer(where);
  if (handler === null || typeof handler !== 'object') fail(`the handler must be an object { weights?, bias?, channels?, macs? } (got ${describe(handler)})`);
  for (const key of Object.keys(handler)) {
    if (!handlerKeys.includes(key)) fail(`unknown key "${key}" (expected "weights", "bias", "channels" and "macs")`);
  }
  if (handler.weights === undefined && handler.channels === undefined && handler.macs === undefined) {
    fail('the handler needs "weights" (what pruning masks), "channels" (how channels flow through the layer), "macs" (what it costs) or several');
  }
  if (handler.macs !== undefined && typeof handler.macs !== 'function') fail(`"macs" must be a function when given (got ${describe(handler.macs)})`);
  if (handler.weights === undefined && handler.bias !== undefined) fail('"bias" needs "weights": it names the bias masked with their units');
  const spec = handler.weights === undefined ? {} : checkedSpec(where, handler.weights, handler.bias);
  const channels = handler.channels === undefined ? {} : { channels: checkedChannels(where, handler.channels) };
  return Object.freeze({ ...spec, ...channels, ...(handler.macs === undefined ? {} : { macs: handler.macs }) });
}

/** The prunable half of a handler (`weights` and `bias`), checked and frozen. */
function checkedSpec(where: string, weights: readonly PrunableWeightSpec[], biasName: string | undefined): PrunableLayerSpec {
  const fail = failer(where);
  if (!Array.isArray(weights) || weights.length === 0) {
    fail(`"weights" must be a non-empty array of { name, unitAxis? } (got ${describe(weights)})`);
  }
  const bias = biasName ?? 'bias';
  if (typeof bias !== 'string' || bias === '') fail(`"bias" must be a non-empty string (got ${describe(biasName)})`);
  const names = new Set<string>();
  const checked = weights.map((weight, i): PrunableWeightSpec => {
    const at = `weights[${i}]`;
    if (weight === null || typeof weight !== 'object') fail(`${at} must be an object { name, unitAxis? } (got ${describe(weight)})`);
    for (const key of Object.keys(weight)) if (key !== 'name' && key !== 'unitAxis') fail(`${at} has unknown key "${key}" (expected "name" and optionally "unitAxis")`);
    if (typeof weight.name !== 'string' || weight.name === '') fail(`${at}.name must be a non-empty string (got ${describe(weight.name)})`);
    if (weight.name.includes('/')) fail(`${at}.name must be the weight's short name within the layer, without "/" (got "${weight.name}")`);
    if (names.has(weight.name)) fail(`${at}.name "${weight.name}" is listed twice`);
    if (weight.name === bias) fail(`${at}.name "${weight.name}" is the bias: biases are masked with their units, never pruned on their own`);
    names.add(weight.name);
    if (weight.unitAxis !== undefined && !unitAxes.includes(weight.unitAxis)) {
      fail(`${at}.unitAxis must be -1 or -2 (got ${describe(weight.unitAxis)})`);
    }
    return Object.freeze(weight.unitAxis === undefined ? { name: weight.name } : { name: weight.name, unitAxis: weight.unitAxis });
  });
  return Object.freeze({ weights: Object.freeze(checked), ...(biasName === undefined ? {} : { bias }) });
}

const channelHooks = ['resize', 'constantOutputs', 'foldInto'] as const;

function checkedChannels(where: string, channels: ChannelHandler): ChannelHandler {
  const fail = failer(where);
  if (channels === null || typeof channels !== 'object') fail(`"channels" must be an object { kind, trace, ... } (got ${describe(channels)})`);
  if (channels.kind !== 'producer' && channels.kind !== 'channelwise') fail(`channels.kind must be "producer" or "channelwise" (got ${describe(channels.kind)})`);
  if (typeof channels.trace !== 'function') fail(`channels.trace must be a function (got ${describe(channels.trace)})`);
  for (const hook of channelHooks) {
    if (channels[hook] !== undefined && typeof channels[hook] !== 'function') fail(`channels.${hook} must be a function when given (got ${describe(channels[hook])})`);
  }
  const fold = channels.batchNormFold;
  if (fold !== undefined && (fold === null || typeof fold !== 'object' || typeof fold.kernel !== 'string' || typeof fold.outputChannelOf !== 'function')) {
    fail(`channels.batchNormFold must be { kernel: string, outputChannelOf: function } when given (got ${describe(fold)})`);
  }
  return channels;
}

function failer(where: string) {
  return (message: string): never => {
    throw new LayerRegistryError('INVALID_LAYER_SPEC', `${where}: ${message}`);
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
