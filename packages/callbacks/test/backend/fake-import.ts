/** Builds `importModule` fakes: named packages are missing or broken, the rest really load. */
export function notInstalled(specifier: string): Error {
  return Object.assign(
    new Error(`Cannot find package '${specifier}' imported from /app/node_modules/@tfjs-prune/callbacks/dist/backend/try-backend.js`),
    { code: 'ERR_MODULE_NOT_FOUND' },
  );
}

export function fakeImport(
  overrides: Record<string, () => unknown>,
): (specifier: string) => Promise<unknown> {
  return async (specifier) => {
    const override = overrides[specifier];
    return override === undefined ? import(specifier) : override();
  };
}

export const NATIVES_MISSING = {
  '@tensorflow/tfjs-node-gpu': () => {
    throw notInstalled('@tensorflow/tfjs-node-gpu');
  },
  '@tensorflow/tfjs-node': () => {
    throw notInstalled('@tensorflow/tfjs-node');
  },
};
