import { describe, expect, it } from 'vitest';

import { librarySources } from './support/library-sources.js';

interface Allowed {
  readonly file: string;
  /** The start of the message, as written in the source. */
  readonly message: string;
  readonly why: string;
}

/**
 * Plain errors a user's input cannot reach: programming errors and states the types rule out.
 * Everything else the library throws is a TfjsPruneError with a code.
 */
const PROGRAMMING_ERRORS: readonly Allowed[] = [
  {
    file: 'schedules/src/schedule-unit.ts',
    message: '${unit} must be a non-negative integer',
    why: 'sparsityAt(-1) or a fractional epoch (or step) is a caller bug (a step counted as an epoch); tfjs and the engine only pass 0, 1, 2, ...',
  },
  {
    file: 'schedules/src/schedule-kinds.ts',
    message: 'unknown schedule type',
    why: 'unreachable: the type is a ScheduleType, checked by the schema or isScheduleType before',
  },
  {
    file: 'callbacks/src/engine/budget-binding.ts',
    message: '/target ${NEEDS_BUDGET_ENTRY}',
    why: 'unreachable: prepareConfig refuses a target without the allocator before any model is bound, and only tests unregister it',
  },
  {
    file: 'schedules/src/validation/schema-interpreter.ts',
    message: '${path}: ${what} is not interpreted by src/validation/schema-interpreter.ts',
    why: "unreachable from user input: it checks the library's own schema, in tests and when write-schema generates the module",
  },
  {
    file: 'callbacks/src/backend/choices.ts',
    message: 'No backend candidate for',
    why: 'unreachable: the argument is a ConcreteBackendChoice and the table has a row for each',
  },
  {
    file: 'core/src/io/save-to-memory.ts',
    message: 'saveToMemory: model.save() of',
    why: 'unreachable: tfjs-layers calls the save handler before save() resolves; the check only narrows the type',
  },
  {
    file: 'sparse/src/activations.ts',
    message: 'unsupported activation ${name}',
    why: 'unreachable: the layer handlers send a layer with an activation isSupportedActivation rejects to tfjs instead',
  },
  {
    file: 'sparse/src/wasm-kernels.ts',
    message: 'sparse kernel aborted',
    why: "AssemblyScript's abort import, compiled out by --noAssert: only a bug in the kernels could call it",
  },
];

/** `throw new Error(...)`, `TypeError`, `RangeError`, with or without `new`, with the message's start. */
function plainThrows(): { file: string; message: string }[] {
  return librarySources().flatMap(({ path, code }) =>
    [...code.matchAll(/\bthrow\s+(?:new\s+)?(?:Error|TypeError|RangeError)\s*\(\s*(?:(['"`])((?:(?!\1).)*))?/g)].map((m) => ({
      file: path,
      message: m[2] ?? '',
    })),
  );
}

const matches = (allowed: Allowed, found: { file: string; message: string }): boolean =>
  allowed.file === found.file && allowed.message !== '' && found.message.startsWith(allowed.message);

describe('no plain Error on a path user input reaches', () => {
  const found = plainThrows();
  const allowed = PROGRAMMING_ERRORS;

  it('every plain throw in packages/*/src is on the commented allow-list', () => {
    expect(found.filter((f) => !allowed.some((a) => matches(a, f)))).toStrictEqual([]);
  });

  it('every allow-list row still matches a throw, so the list cannot outlive its reasons', () => {
    expect(allowed.filter((a) => !found.some((f) => matches(a, f))).map((a) => `${a.file}: ${a.message}`)).toStrictEqual([]);
  });

  it('no error class of the library extends Error directly instead of TfjsPruneError', () => {
    const classes = librarySources().flatMap(({ path, code }) =>
      [...code.matchAll(/\bclass\s+(\w+)\s+extends\s+(?:Error|TypeError|RangeError)\b/g)].map((m) => `${path}: ${m[1]}`),
    );
    expect(classes).toStrictEqual([]);
  });
});
