/**
 * True when `error` says `packageName` itself is missing. A module-not-found for anything else
 * (a dependency of the package, a file inside it) means the package IS installed but broken, and
 * the user needs to hear that rather than "install it".
 */
export function isPackageNotFound(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // ESM: "Cannot find package 'x' imported from …"; CJS: "Cannot find module 'x'\nRequire stack: …".
  // Only the quoted name counts: the "imported from" path may well contain packageName.
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
  return missing === packageName || missing?.startsWith(`${packageName}/`) === true;
}

/** The first line of an error's message: native load failures carry long stacks and paths. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0]?.trim() || 'unknown error';
}
