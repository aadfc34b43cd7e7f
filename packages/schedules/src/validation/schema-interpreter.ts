import type { ErrorObject } from 'ajv';

/**
 * A JSON Schema node with the keywords the config schema uses, and only those: the generated
 * schema module is typed with it, so a keyword this file does not check fails to compile, and
 * `assertInterpretable` refuses one at test time and when the module is written.
 */
export interface Schema {
  readonly type?: string | readonly string[];
  readonly const?: string | number | boolean | null;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly if?: Schema;
  readonly then?: Schema;
  readonly else?: Schema;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly exclusiveMaximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly items?: Schema;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly discriminator?: { readonly propertyName: string };
  /** Not checked: messages suggest a discriminated branch's first example. */
  readonly examples?: readonly unknown[];
}

/** What a keyword's check sees of the node it belongs to. */
interface Here {
  readonly node: Schema;
  readonly errors: ErrorObject[];
  /** Reports the keyword being checked as failed, at this node. */
  fail(params: Record<string, unknown>): void;
  /** Checks `data` against a subschema (`schemaPath` and `instancePath` below this node's); whether it passed. */
  below(schema: Schema, data: unknown, schemaPath: string, instancePath?: string): boolean;
}

type Check = (value: never, data: never, here: Here) => void;

const hasOwn = Object.hasOwn;
const pointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
const bound = (comparison: string, fails: (data: number, limit: number) => boolean): Check =>
  (limit: number, data: number, here: Here) => { if (fails(data, limit)) here.fail({ comparison, limit }); };

/** JSON types as ajv's `strictNumbers` has them: NaN and ±Infinity are not numbers. */
const isType: Readonly<Record<string, (data: unknown) => boolean>> = {
  null: (data) => data === null,
  boolean: (data) => typeof data === 'boolean',
  string: (data) => typeof data === 'string',
  number: (data) => typeof data === 'number' && isFinite(data),
  integer: Number.isInteger,
  array: Array.isArray,
  object: (data) => typeof data === 'object' && data !== null && !Array.isArray(data),
};

/**
 * ajv's keywords in ajv's order (its `RULES`, which test/interpreted-validator.test.ts compares
 * with this): first those for any value, then one group per JSON type, checked only when the
 * value has that type. The order of keys is the order of errors.
 */
export const keywordGroups: readonly (readonly [type: string | undefined, checks: Readonly<Record<string, Check>>])[] = [
  [undefined, {
    const: (value: unknown, data: unknown, here: Here) => { if (data !== value) here.fail({ allowedValue: value }); },
    // `includes` is ajv's === here: values are JSON primitives (assertInterpretable), never NaN.
    enum: (values: readonly unknown[], data: unknown, here: Here) => { if (!values.includes(data)) here.fail({ allowedValues: values }); },
    // The first passing branch ends the search and takes back the failed branches' errors.
    anyOf: (branches: readonly Schema[], data: unknown, here: Here) => {
      const before = here.errors.length;
      if (branches.some((branch, i) => here.below(branch, data, `anyOf/${i}`))) here.errors.length = before;
      else here.fail({});
    },
    // Always beside a discriminator (assertInterpretable), which checks the one branch its tag names.
    oneOf: () => undefined,
    // The condition's own errors are never reported; the branch it picks reports its errors and
    // then one for the `if`, as ajv does.
    if: (condition: Schema, data: unknown, here: Here) => {
      const before = here.errors.length;
      const branch = here.below(condition, data, 'if') ? 'then' : 'else';
      here.errors.length = before;
      const schema = here.node[branch];
      if (schema !== undefined && !here.below(schema, data, branch)) here.fail({ failingKeyword: branch });
    },
    // Read by `if`, never on their own (assertInterpretable).
    then: () => undefined,
    else: () => undefined,
  }],
  ['number', {
    maximum: bound('<=', (data, limit) => data > limit),
    minimum: bound('>=', (data, limit) => data < limit),
    exclusiveMaximum: bound('<', (data, limit) => data >= limit),
    exclusiveMinimum: bound('>', (data, limit) => data <= limit),
  }],
  ['string', {
    // In code points, as ajv counts (a surrogate pair is one character).
    minLength: (limit: number, data: string, here: Here) => { if ([...data].length < limit) here.fail({ limit }); },
  }],
  ['array', {
    maxItems: (limit: number, data: unknown[], here: Here) => { if (data.length > limit) here.fail({ limit }); },
    minItems: (limit: number, data: unknown[], here: Here) => { if (data.length < limit) here.fail({ limit }); },
    items: (schema: Schema, data: unknown[], here: Here) => {
      for (let i = 0; i < data.length; i++) here.below(schema, data[i], 'items', `/${i}`);
    },
  }],
  ['object', {
    maxProperties: (limit: number, data: object, here: Here) => { if (Object.keys(data).length > limit) here.fail({ limit }); },
    minProperties: (limit: number, data: object, here: Here) => { if (Object.keys(data).length < limit) here.fail({ limit }); },
    // Own properties only (ajv's `ownProperties`): an inherited key is neither present nor unknown.
    required: (names: readonly string[], data: Record<string, unknown>, here: Here) => {
      for (const name of names) if (data[name] === undefined || !hasOwn(data, name)) here.fail({ missingProperty: name });
    },
    additionalProperties: (_: false, data: object, here: Here) => {
      for (const key of Object.keys(data)) if (!hasOwn(here.node.properties ?? {}, key)) here.fail({ additionalProperty: key });
    },
    properties: (properties: Readonly<Record<string, Schema>>, data: Record<string, unknown>, here: Here) => {
      for (const [name, schema] of Object.entries(properties)) {
        if (data[name] !== undefined && hasOwn(data, name)) here.below(schema, data[name], `properties/${encodeURIComponent(pointer(name))}`, `/${pointer(name)}`);
      }
    },
    // Like ajv, reads the tag even when inherited; a missing or unknown tag is the only error.
    discriminator: ({ propertyName: tag }: { propertyName: string }, data: Record<string, unknown>, here: Here) => {
      const tagValue = data[tag];
      const branches = here.node.oneOf ?? [];
      const branch = typeof tagValue === 'string' ? branches.findIndex((schema) => schema.properties?.[tag]?.const === tagValue) : -1;
      const chosen = branches[branch];
      if (chosen !== undefined) here.below(chosen, data, `oneOf/${branch}`);
      else here.fail({ error: typeof tagValue === 'string' ? 'mapping' : 'tag', tag, tagValue });
    },
  }],
];

/**
 * The errors ajv (options in scripts/ajv-options.mjs, with `verbose`, less each error's `schema`)
 * reports for `data` against `schema`, in ajv's order: the schema is data this walks, so nothing
 * generates code at run time and validation works under a Content Security Policy without
 * 'unsafe-eval'. test/interpreted-validator.test.ts holds it to ajv on thousands of configs.
 */
export function schemaErrors(schema: Schema, data: unknown): ErrorObject[] {
  const errors: ErrorObject[] = [];
  check(schema, data, '', '#', errors);
  return errors;
}

function check(node: Schema, data: unknown, instancePath: string, schemaPath: string, errors: ErrorObject[]): boolean {
  const before = errors.length;
  const fail = (keyword: string, params: Record<string, unknown>): void => {
    errors.push({ instancePath, schemaPath: `${schemaPath}/${keyword}`, keyword, params, parentSchema: node, data });
  };
  const types = node.type === undefined ? [] : [node.type].flat();
  const used = keywordGroups.filter(([, checks]) => Object.keys(checks).some((keyword) => keyword in node));
  // ajv reports a single type where it checks that type's keywords, if the node has any, else first.
  const typeInGroup = types.length === 1 && used.some(([type]) => type === types[0]);
  if (types.length > 0 && !typeInGroup && !types.some((type) => isType[type]?.(data))) fail('type', { type: node.type });
  for (const [type, checks] of used) {
    if (type !== undefined && !isType[type]?.(data)) {
      if (typeInGroup && type === types[0]) fail('type', { type: node.type });
      continue;
    }
    for (const [keyword, keywordCheck] of Object.entries(checks)) {
      if (!(keyword in node)) continue;
      keywordCheck(node[keyword as keyof Schema] as never, data as never, {
        node,
        errors,
        fail: (params) => fail(keyword, params),
        below: (schema, value, path, at = '') => check(schema, value, `${instancePath}${at}`, `${schemaPath}/${path}`, errors),
      });
    }
  }
  return errors.length === before;
}

/**
 * Throws unless `schemaErrors` checks every keyword of `schema` as ajv would: an unknown keyword,
 * or a form of one this file does not handle (additionalProperties other than false, tuple items,
 * a oneOf without a discriminator, object enums), would otherwise be skipped in silence.
 */
export function assertInterpretable(schema: Schema, path = '#'): void {
  const refuse = (what: string): never => {
    throw new Error(`${path}: ${what} is not interpreted by src/validation/schema-interpreter.ts`);
  };
  const keywords = new Set(['type', 'examples', ...keywordGroups.flatMap(([, checks]) => Object.keys(checks))]);
  for (const keyword of Object.keys(schema)) if (!keywords.has(keyword)) refuse(`the keyword "${keyword}"`);
  const node = schema as Record<string, unknown>;
  for (const type of [schema.type ?? []].flat()) if (!hasOwn(isType, type)) refuse(`the type ${JSON.stringify(type)}`);
  if ('additionalProperties' in schema && schema.additionalProperties !== false) refuse('additionalProperties other than false');
  if (schema.items !== undefined && (Array.isArray(schema.items) || typeof schema.items !== 'object')) refuse('items other than one schema');
  if ([node['const'], ...(schema.enum ?? [])].some((value) => typeof value === 'object' && value !== null)) refuse('an object or array as const or enum value');
  if ((schema.oneOf === undefined) !== (schema.discriminator === undefined)) refuse('oneOf without discriminator (or the reverse)');
  if (schema.discriminator !== undefined) {
    const { propertyName, ...rest } = schema.discriminator;
    if (Object.keys(rest).length > 0) refuse('a discriminator mapping');
    schema.oneOf?.forEach((branch, i) => {
      if (typeof branch.properties?.[propertyName]?.const !== 'string') refuse(`oneOf/${i} without a string const ${propertyName}`);
    });
  }
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    if (name === '__proto__') refuse('a property named __proto__');
    assertInterpretable(child, `${path}/properties/${encodeURIComponent(pointer(name))}`);
  }
  if (schema.items !== undefined) assertInterpretable(schema.items, `${path}/items`);
  for (const keyword of ['anyOf', 'oneOf'] as const) schema[keyword]?.forEach((branch, i) => assertInterpretable(branch, `${path}/${keyword}/${i}`));
  if ((schema.if === undefined) !== (schema.then === undefined && schema.else === undefined)) refuse('then or else without if (or the reverse)');
  for (const keyword of ['if', 'then', 'else'] as const) {
    const child = schema[keyword];
    if (child !== undefined) assertInterpretable(child, `${path}/${keyword}`);
  }
}
