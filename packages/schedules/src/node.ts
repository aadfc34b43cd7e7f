// The Node-only part of @tfjs-prune/schedules (`@tfjs-prune/schedules/node`): reading a file.
// Kept out of the main entry so that browser bundles never meet a `node:` import.
export { loadConfig, readConfigFile } from './load-config.js';
