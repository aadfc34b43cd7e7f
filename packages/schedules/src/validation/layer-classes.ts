import type { ErrorObject } from 'ajv';
import { prunableLayerClasses } from '../config-types.js';
import { describeValue, type ConfigIssue } from '../issues.js';

/*
 * `layers.classes` names built-in classes through the schema's enum (which editors complete), and
 * classes a caller registered (core's `registerLayer`) through `layerClasses`. The
 * schema only knows the built-ins, so its errors are corrected here: a registered
 * class is no error, and an unknown one is told every class, registered ones included, with the
 * closest as a suggestion.
 */

const classItem = /^\/pruners\/\d+\/layers\/classes\/\d+$/;

export function allowLayerClasses(errors: readonly ErrorObject[], layerClasses: readonly string[]): ErrorObject[] {
  if (layerClasses.length === 0) return [...errors];
  const extra = layerClasses.filter((name) => !(prunableLayerClasses as readonly string[]).includes(name));
  return errors.flatMap((error): ErrorObject[] => {
    if (error.keyword !== 'enum' || !classItem.test(error.instancePath)) return [error];
    if (typeof error.data === 'string' && layerClasses.includes(error.data)) return [];
    const allowed = error.params['allowedValues'] as readonly unknown[];
    return [{ ...error, params: { ...error.params, allowedValues: [...allowed, ...extra] } }];
  });
}

/** The caller's list is code, but a wrong entry would silently never match, so it is checked too. */
export function layerClassesIssues(layerClasses: unknown): ConfigIssue[] {
  if (!Array.isArray(layerClasses)) return [{ pointer: '/layerClasses', message: `must be an array (got ${describeValue(layerClasses)})` }];
  return layerClasses.flatMap((name: unknown, i) =>
    typeof name === 'string' && name.length > 0 ? [] : [{ pointer: `/layerClasses/${i}`, message: `must be a non-empty string (got ${describeValue(name)})` }]);
}
