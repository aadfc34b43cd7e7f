import { existsSync } from 'node:fs';
import path from 'node:path';

export const SCHEMA_IN_PACKAGE = path.join('node_modules', '@tfjs-prune', 'schedules', 'schema.json');

/**
 * The `$schema` value that resolves from a config file at `file`: editors resolve a relative
 * `$schema` against the config's own folder, so a config at the project root needs
 * `./node_modules/...` and one in `configs/` needs `../node_modules/...`. Looks upward for an
 * installed copy the way Node resolves packages; `found: false` means none was found and the
 * path points where `npm i @tfjs-prune/schedules` (or the cli) in `projectRoot` would put it.
 */
export function schemaPathFor(file: string, projectRoot: string): { value: string; found: boolean } {
  const from = path.dirname(path.resolve(file));
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, SCHEMA_IN_PACKAGE);
    if (existsSync(candidate)) return { value: relativeUrl(from, candidate), found: true };
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { value: relativeUrl(from, path.join(path.resolve(projectRoot), SCHEMA_IN_PACKAGE)), found: false };
}

/** A relative path with forward slashes and an explicit `./`, which JSON `$schema` readers expect. */
function relativeUrl(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
