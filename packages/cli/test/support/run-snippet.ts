import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import ts from 'typescript';

import { REPO, type Snippet } from './readme-snippets.js';

/**
 * Under packages/cli/node_modules (ignored by git), so the snippet's bare imports resolve to the
 * built workspace packages exactly as a user's project resolves the published ones.
 */
const CACHE = join(REPO, 'packages/cli/node_modules/.cache');

/** `@tensorflow/tfjs` for a run: tfjs-core and tfjs-layers with the cpu backend, as the union package gives them. */
const TFJS_SHIM = `import '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
`;

/** A package cannot import itself by name from under its own node_modules, so the cli's own entry is given by path. */
const CLI_DATA = pathToFileURL(join(REPO, 'packages/cli/dist/data/index.js')).href;

export interface SnippetRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `setup`, the snippet and `check` as one ES module in a child process, in a fresh folder
 * that is also its working directory (for the files the snippet reads and writes). `fixtures`
 * becomes `./fixtures.mjs` there. TypeScript is only stripped here; typecheckSnippets checks it.
 */
export async function runSnippet(snippet: Snippet, parts: { setup: string; check: string; fixtures: string }): Promise<SnippetRun> {
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(CACHE, 'readme-snippet-'));
  try {
    const source = `${parts.setup}\n${snippet.code}\n${parts.check}\n`;
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(join(dir, 'tfjs.mjs'), TFJS_SHIM);
    writeFileSync(join(dir, 'fixtures.mjs'), parts.fixtures);
    writeFileSync(join(dir, 'snippet.mjs'), outputText.replace(/(['"])@tensorflow\/tfjs\1/g, "'./tfjs.mjs'").replace(/(['"])@tfjs-prune\/cli\/data\1/g, `'${CLI_DATA}'`));
    return await new Promise((resolve) => {
      execFile(process.execPath, ['snippet.mjs'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
