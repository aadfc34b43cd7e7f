import type { ErrorObject } from 'ajv';
import type { ConfigIssue } from '../issues.js';
import { issuesFromAjv } from './ajv-issues.js';
import { configShapeErrors } from './validator.js';

/** Whether the schema reported anything at or below `pointer`. */
export type Failed = (pointer: string) => boolean;

/**
 * Every problem with `value` as a config: the schema's, then the cross-field rules', which see
 * only what passed the schema so that one mistake yields one message. `adjustErrors` may drop or
 * reword schema errors before they become issues (extra layer classes).
 */
export function checkConfigValue(
  value: unknown,
  crossField: (value: unknown, failed: Failed) => ConfigIssue[],
  adjustErrors: (errors: readonly ErrorObject[]) => ErrorObject[] = (errors) => [...errors],
): ConfigIssue[] {
  const errors = configShapeErrors(value);
  const schemaIssues = errors.length === 0 ? [] : issuesFromAjv(adjustErrors(errors));
  const failed: Failed = (pointer) =>
    schemaIssues.some((issue) => issue.pointer === pointer || issue.pointer.startsWith(`${pointer}/`));
  return [...schemaIssues, ...crossField(value, failed)];
}
