import type { ConfigIssue } from './issues.js';
import type { FieldView } from './field-view.js';

/** 1 - n/m rarely has an exact binary form, so a written sparsity only has to come this close. */
export const sparsityTolerance = 1e-9;

/**
 * An issue at `key` unless its number (or `fallback` when absent) is `sparsity`: "must be
 * <sparsity> `reason`". Quiet when the schema already rejected the field.
 */
export function sparsityMustBe(fields: FieldView, key: string, sparsity: number, reason: string, fallback?: number): ConfigIssue[] {
  const value = fields.number(key, fallback);
  if (value === undefined || Math.abs(value - sparsity) <= sparsityTolerance) return [];
  return [fields.issue(key, `must be ${sparsity} ${reason}`, fallback)];
}
