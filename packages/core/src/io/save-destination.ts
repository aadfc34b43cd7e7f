import * as tf from '@tensorflow/tfjs-core';
import { ExportError } from './export-error.js';

/** Where exportModel writes: a tfjs IO handler, or a URL that one of tfjs's routers handles. */
export type ExportDestination = string | tf.io.IOHandler;

/**
 * The IO handler for `destination`. URL strings go through tfjs's own routers
 * (`indexeddb://`, `localstorage://`, `downloads://`, `http(s)://`, and any a user registers),
 * so exportModel writes wherever `model.save(url)` would.
 */
export function saveHandlerFor(destination: ExportDestination): tf.io.IOHandler {
  if (typeof destination !== 'string') {
    if (typeof destination?.save !== 'function') {
      throw new ExportError(
        'EXPORT_DESTINATION',
        'exportModel: the destination must be a URL string or a tfjs IO handler with a save() method',
      );
    }
    return destination;
  }
  const [handler, ...others] = tf.io.getSaveHandlers(destination);
  if (handler === undefined) {
    throw new ExportError(
      'EXPORT_DESTINATION',
      `exportModel: no tfjs IO handler saves to '${destination}'; expected a URL such as ` +
        `'indexeddb://name', 'localstorage://name', 'downloads://name' or 'https://host/path' ` +
        "(in the browser), or a directory with exportModel from '@tfjs-prune/core/node' (in Node)",
    );
  }
  if (others.length > 0) {
    throw new ExportError(
      'EXPORT_DESTINATION',
      `exportModel: ${others.length + 1} tfjs IO handlers claim '${destination}'; pass the handler itself`,
    );
  }
  return handler;
}
