import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The `$schema` path we tell users to write must work in a real editor. This runs VS Code's own
 * JSON language service (the one behind its JSON mode) on configs in a fresh project that has
 * the schema installed where npm puts it, at the project root and one folder down, resolving
 * relative `$schema` paths against the config file the way VS Code does.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'tfjs-prune-editor-'));
mkdirSync(join(project, 'node_modules/@tfjs-prune/schedules'), { recursive: true });
copyFileSync(join(repo, 'packages/schedules/schema.json'), join(project, 'node_modules/@tfjs-prune/schedules/schema.json'));
mkdirSync(join(project, 'configs'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});

/** The `$schema` the README's config example uses. */
function readmeSchemaPath(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const match = /"\$schema": "([^"]+)"/.exec(readme);
  if (match?.[1] === undefined) throw new Error('README.md has no "$schema" example');
  return match[1];
}

function open(file: string, text: string): TextDocument {
  writeFileSync(join(project, file), text);
  return TextDocument.create(pathToFileURL(join(project, file)).href, 'json', 1, text);
}

const withSchema = (schema: string, schedule: string) =>
  `{\n  "$schema": "${schema}",\n  "pruners": [{ "schedule": { "type": "polynomial-decay", ${schedule} } }]\n}\n`;

async function diagnostics(document: TextDocument): Promise<string[]> {
  const found = await service.doValidation(document, service.parseJSONDocument(document));
  return found.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

async function completionsAt(document: TextDocument, marker: string): Promise<string[]> {
  const offset = document.getText().indexOf(marker);
  const list = await service.doComplete(document, document.positionAt(offset), service.parseJSONDocument(document));
  return (list?.items ?? []).map((item) => item.label);
}

describe.each([
  ['at the project root', 'prune.json', readmeSchemaPath()],
  ['one folder down', 'configs/prune.json', '../node_modules/@tfjs-prune/schedules/schema.json'],
])('a config %s', (_, file, schema) => {
  it('completes schedule keys from the schema', async () => {
    const document = open(file, withSchema(schema, '"endEpoch": 4, ""'));
    const labels = await completionsAt(document, '""');
    expect(labels).toEqual(expect.arrayContaining(['finalSparsity', 'initialSparsity', 'startEpoch', 'power']));
  });

  it('flags a typo (and the key it misses), nothing else', async () => {
    const document = open(file, withSchema(schema, '"endEpoch": 4, "finalSparsty": 0.9'));
    expect(await diagnostics(document)).toEqual(['Missing property "finalSparsity".', 'Property finalSparsty is not allowed.']);
  });
});

describe('the old README path', () => {
  it('fails from the project root, which is why it changed', async () => {
    expect(readmeSchemaPath()).toBe('./node_modules/@tfjs-prune/schedules/schema.json');
    const document = open('old.json', withSchema('../node_modules/@tfjs-prune/schedules/schema.json', '"endEpoch": 4'));
    const messages = await diagnostics(document);
    expect(messages.some((m) => m.startsWith('Unable to load schema from'))).toBe(true);
  });
});
