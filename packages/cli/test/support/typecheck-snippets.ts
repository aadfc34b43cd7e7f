import { join } from 'node:path';

import ts from 'typescript';

import { REPO, type Snippet } from './readme-snippets.js';

/** Where the snippets pretend to live: inside packages/cli, so `@tfjs-prune/*` resolves to the built packages' types. */
const VIRTUAL_DIR = join(REPO, 'packages/cli/test/__readme_snippets__');
/** `@tensorflow/tfjs` is what users install; its types are tfjs-core's and tfjs-layers', which the workspace has. */
const TFJS_SHIM = join(VIRTUAL_DIR, 'tfjs.d.ts');
const TFJS_SHIM_TEXT = "export * from '@tensorflow/tfjs-core';\nexport * from '@tensorflow/tfjs-layers';\n";

export interface TypecheckInput {
  readonly snippet: Snippet;
  /** Declarations the README leaves to the reader (`declare const model: ...`), put before the snippet. */
  readonly prelude: string;
}

/**
 * Type-checks every snippet in one program with the house compiler options (strict,
 * noUncheckedIndexedAccess, ...), against the built packages' declarations. Returns each
 * snippet's diagnostics as `README.md:214: Cannot find name 'config'.` lines.
 */
export function typecheckSnippets(inputs: readonly TypecheckInput[]): Map<string, string[]> {
  const base = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.base.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (base === undefined) throw new Error('cannot read tsconfig.base.json');
  const options: ts.CompilerOptions = { ...base.options, noEmit: true, declaration: false, paths: { '@tensorflow/tfjs': [TFJS_SHIM] } };
  const files = new Map<string, { text: string; input: TypecheckInput; preludeLines: number }>();
  inputs.forEach((input, i) => {
    const text = `${input.prelude}\n${input.snippet.code}\nexport {};\n`;
    files.set(join(VIRTUAL_DIR, `snippet-${i}.ts`), { text, input, preludeLines: input.prelude.split('\n').length });
  });
  const host = ts.createCompilerHost(options);
  const readVirtual = (name: string): string | undefined => (name === TFJS_SHIM ? TFJS_SHIM_TEXT : files.get(name)?.text);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => readVirtual(name) !== undefined || fileExists.call(host, name);
  host.readFile = (name) => readVirtual(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = readVirtual(name);
    return text === undefined ? getSourceFile.call(host, name, languageVersion, onError, shouldCreate) : ts.createSourceFile(name, text, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const result = new Map<string, string[]>(inputs.map((input) => [input.snippet.key, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file === undefined ? undefined : files.get(diagnostic.file.fileName);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (file === undefined || diagnostic.start === undefined) {
      // A problem outside any snippet (a missing build, a broken package type) fails them all.
      for (const messages of result.values()) messages.push(`${diagnostic.file?.fileName ?? 'compiler'}: ${message}`);
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    const { snippet } = file.input;
    const where = line < file.preludeLines ? `${snippet.where} (its prelude in the test, line ${line + 1})` : `${snippet.file}:${snippet.line + line - file.preludeLines}`;
    result.get(snippet.key)?.push(`${where}: ${message}`);
  }
  return result;
}
