import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const stubs = process.argv.slice(2);
const plugin = { name: 'stub', setup(b) { b.onLoad({ filter: /\.js$/ }, (a) => { const hit = stubs.find((s) => a.path.endsWith(s)); if (!hit) return undefined; return { contents: 'export const __stub = 1;' + (process.env.EXTRA || ''), loader: 'js' }; }); } };
const r = await build({ entryPoints: ['../packages/callbacks/dist/index.js'], bundle: true, format: 'esm', platform: 'browser', minify: true, write: false, external: ['@tensorflow/*', 'node:*'], outfile: '/tmp/x.js', logLevel: 'silent', plugins: [plugin] }).catch(e => { console.log(e.message.slice(0,300)); process.exit(1); });
console.log(stubs.join(' ') || 'none', gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
