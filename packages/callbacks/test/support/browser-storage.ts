/*
 * IndexedDB in Node, as a page has it: fake-indexeddb's in-memory implementation, and the two
 * globals by which tfjs-core decides it runs in a browser or worker, so that it registers its
 * indexeddb:// handler and model manager. Import this first, before anything imports tfjs-core:
 * tfjs registers them when its platform module loads.
 */
import 'fake-indexeddb/auto';

const scope = globalThis as { self?: unknown; WorkerGlobalScope?: unknown };
scope.self ??= globalThis;
scope.WorkerGlobalScope ??= class WorkerGlobalScope {};
