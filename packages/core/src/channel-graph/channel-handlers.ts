import type { RegisterLayerOptions } from '../layers/layer-handler.js';
import { layerHandlerFor, registerHandler } from '../layers/layer-registry.js';
import type { ChannelHandler } from './channel-handler.js';

/**
 * How `className` moves channels, from the one layer table (`registerLayer`). Nested models are
 * walked, not looked up; a class without one leaves every channel that touches it unpruned (and
 * says so).
 */
export function channelHandlerFor(className: string): ChannelHandler | undefined {
  return layerHandlerFor(className)?.channels;
}

/**
 * Sets only the channel half of a class's handler (`registerLayer` sets both); kept for code
 * written before `registerLayer`. Same override policy: a channel handler a class already has
 * (a built-in's, or one registered before) is replaced only with `{ override: true }`.
 */
export function registerChannelHandler(className: string, channels: ChannelHandler, options: RegisterLayerOptions = {}): void {
  registerHandler('registerChannelHandler', className, 'channels', { ...layerHandlerFor(className), channels }, options);
}
