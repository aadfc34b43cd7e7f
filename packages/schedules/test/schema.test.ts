import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { configSchema, validateConfig } from '@tfjs-prune/schedules';

const schemaFile = new URL('../schema.json', import.meta.url);
const newAjv = (): Ajv => new Ajv({ strict: true, strictNumbers: true, discriminator: true, allErrors: true });

type Node = Record<string, unknown>;

/** Every subschema a user can hover over, with a readable path. */
function walk(node: Node, path: string): [string, Node][] {
  const children: [string, Node][] = [];
  const properties = (node['properties'] ?? {}) as Record<string, Node>;
  for (const [key, child] of Object.entries(properties)) children.push([`${path}.${key}`, child]);
  if (node['items'] !== undefined) children.push([`${path}[]`, node['items'] as Node]);
  for (const keyword of ['oneOf', 'anyOf']) {
    ((node[keyword] ?? []) as Node[]).forEach((child, i) => children.push([`${path}.${keyword}[${i}]`, child]));
  }
  return [[path, node], ...children.flatMap(([childPath, child]) => walk(child, childPath))];
}

const nodes = walk(configSchema as unknown as Node, 'config');

describe('configSchema', () => {
  it('matches the committed schema.json', () => {
    const committed: unknown = JSON.parse(readFileSync(schemaFile, 'utf8'));
    expect(
      committed,
      'schema.json is out of date: run `pnpm write-schema` in packages/schedules',
    ).toStrictEqual(JSON.parse(JSON.stringify(configSchema)));
  });

  it('compiles in ajv strict mode, as shipped', () => {
    expect(() => newAjv().compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object)).not.toThrow();
  });

  it('covers every kind of node', () => {
    expect(nodes.length).toBeGreaterThan(30);
  });

  /** Editors following `$schema` show these as hover docs and completions. */
  it.each(nodes)('documents %s with a title, a description and examples', (_, node) => {
    expect(node['title']).toEqual(expect.any(String));
    expect(node['description']).toEqual(expect.any(String));
    expect(Array.isArray(node['examples']) && node['examples'].length > 0).toBe(true);
  });

  it.each(nodes)('%s: its examples and default are valid', (_, node) => {
    const validate = newAjv().compile(node);
    const samples = [...(node['examples'] as unknown[]), ...('default' in node ? [node['default']] : [])];
    for (const sample of samples) expect(validate(sample), JSON.stringify(sample)).toBe(true);
  });

  /** Examples people copy must pass the cross-field rules too, which a JSON Schema cannot check. */
  it('has config and pruner examples that validateConfig accepts', () => {
    for (const example of configSchema.examples) expect(() => validateConfig(example)).not.toThrow();
    for (const pruner of configSchema.properties.pruners.items.examples) expect(() => validateConfig({ pruners: [pruner] })).not.toThrow();
  });
});
