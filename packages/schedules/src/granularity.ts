import type { GranularitySpec, ResolvedGranularity } from './config-types.js';
import type { ConfigIssue } from './issues.js';
import type { FieldView } from './field-view.js';

/*
 * What is pruned together. A granularity turns scores and a sparsity into a mask (in core); here
 * are only its config forms: a plain name, or an object whose `type` picks the kind.
 */

export const granularityDefaults = { blockNorm: 'l1', structuredNorm: 'l1', roundTo: 1 } as const;

/** Always an object, every default filled in, copying known keys only. */
export function resolveGranularity(spec: GranularitySpec): ResolvedGranularity {
  const object: Exclude<GranularitySpec, string> = typeof spec === 'string' ? { type: spec } : spec;
  switch (object.type) {
    case 'unstructured': return { type: 'unstructured' };
    case 'block': return { type: 'block', shape: [object.shape[0], object.shape[1]], norm: object.norm ?? granularityDefaults.blockNorm };
    case 'n:m': return { type: 'n:m', n: object.n, m: object.m };
    case 'structured':
      return { type: 'structured', norm: object.norm ?? granularityDefaults.structuredNorm, roundTo: object.roundTo ?? granularityDefaults.roundTo };
  }
}

/** Rules the schema cannot express because they relate two fields of a granularity object. */
export function checkGranularity(type: unknown, fields: FieldView): ConfigIssue[] {
  if (type !== 'n:m') return [];
  const n = fields.number('n');
  const m = fields.number('m');
  return n !== undefined && m !== undefined && n >= m ? [fields.issue('n', `must be < m, which is ${m}`)] : [];
}
