// Packs every publishable package of packages/ with `pnpm pack` (which rewrites `workspace:`
// ranges to versions) into one folder, so a project outside the monorepo can install them all
// from the tarballs before any release: one tarball alone cannot resolve its siblings.
// Usage: node scripts/pack-all.mjs [destination]   (default: packs/); run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const destination = resolve(process.argv[2] ?? join(repo, 'packs'));
const packages = readdirSync(join(repo, 'packages'))
  .map((dir) => join(repo, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true);

rmSync(destination, { recursive: true, force: true });
mkdirSync(destination, { recursive: true });
for (const dir of packages) execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
const tarballs = readdirSync(destination).filter((f) => f.endsWith('.tgz')).sort();
const shown = relative(process.cwd(), destination) || '.';
console.log(`${tarballs.length} packages packed into ${shown}/:`);
for (const file of tarballs) console.log(`  ${file}`);
console.log(`\nIn your project: npm i @tensorflow/tfjs ${tarballs.map((f) => join(destination, f)).join(' ')}`);
