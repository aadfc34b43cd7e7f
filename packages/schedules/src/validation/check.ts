import type { ConfigIssue } from '../issues.js';
import { issuesFromAjv } from './ajv-issues.js';
import { validatorFor } from './validator.js';

/** Whether the schema reported anything at or below `pointer`. */
export type Failed = (pointer: string) => boolean;

/**
 * Every problem with `value`: the schema's, then the cross-field rules', which see only what
 * passed the schema so that one mistake yields one message.
 */
export function checkValue(
  schema: object,
  value: unknown,
  crossField: (value: unknown, failed: Failed) => ConfigIssue[],
): ConfigIssue[] {
  const validate = validatorFor(schema);
  const schemaIssues = validate(value) ? [] : issuesFromAjv(validate.errors ?? []);
  const failed: Failed = (pointer) =>
    schemaIssues.some((issue) => issue.pointer === pointer || issue.pointer.startsWith(`${pointer}/`));
  return [...schemaIssues, ...crossField(value, failed)];
}
