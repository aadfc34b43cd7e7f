#!/usr/bin/env node
/** `pnpm demo:browser`: builds the page and serves it on 127.0.0.1 (PORT, default 8080). */
import { buildDemo } from './build-demo.js';
import { STRICT_CSP } from './page-policy.js';
import { serveDemo } from './serve-demo.js';

const built = await buildDemo();
const server = await serveDemo({ root: built.dir, port: Number(process.env['PORT'] ?? 8080) });
console.log(`tfjs-prune browser demo: ${server.url}  (webgl; ?backend=wasm or ?backend=cpu to switch)`);
console.log(`served with Content-Security-Policy: ${STRICT_CSP}`);
console.log('Ctrl-C stops the server.');
