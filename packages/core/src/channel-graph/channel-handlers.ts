import { layerHandlerFor } from '../layers/layer-registry.js';
import type { ChannelHandler } from './channel-handler.js';

/**
 * How `className` moves channels, from the one layer table (`registerLayer`). Nested models are
 * walked, not looked up; a class without one leaves every channel that touches it unpruned (and
 * says so).
 */
export function channelHandlerFor(className: string): ChannelHandler | undefined {
  return layerHandlerFor(className)?.channels;
}
