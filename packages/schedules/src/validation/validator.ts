import type { ErrorObject } from 'ajv';
import { validate } from './compiled-config-schema.js';

/** What ajv's standalone code exports: a function that leaves its errors on itself. */
interface CompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The config schema's validator, compiled when the package is built (see
 * scripts/validator-source.mjs): nothing here generates code, so it runs under a Content
 * Security Policy without 'unsafe-eval'.
 */
export const validateConfigShape = validate as unknown as CompiledValidator;
