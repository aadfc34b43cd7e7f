/*
 * The few IndexedDB members the browser store uses, typed here because the packages compile
 * without the DOM library (they run in Node too), and wrapped in promises.
 */

export interface IdbRequest<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  onblocked: (() => void) | null;
}

export interface IdbObjectStore {
  get(key: string): IdbRequest<unknown>;
  getAll(): IdbRequest<unknown[]>;
  put(value: unknown): IdbRequest<unknown>;
  delete(key: string): IdbRequest<unknown>;
}

export interface IdbTransaction {
  readonly error: unknown;
  objectStore(name: string): IdbObjectStore;
  abort(): void;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface IdbDatabase {
  readonly objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string, options: { keyPath: string }): unknown;
  transaction(stores: readonly string[], mode: 'readonly' | 'readwrite'): IdbTransaction;
  close(): void;
}

export interface IdbFactory {
  open(name: string, version: number): IdbOpenRequest;
}

/** The page's (or worker's) IndexedDB, or undefined where there is none (Node). */
export function globalIndexedDb(): IdbFactory | undefined {
  return (globalThis as { indexedDB?: IdbFactory }).indexedDB ?? undefined;
}

/** Opens `name`, creating `stores` (by their key paths) on first use. */
export function openDatabase(factory: IdbFactory, name: string, stores: Readonly<Record<string, string>>): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      for (const [store, keyPath] of Object.entries(stores)) {
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store, { keyPath });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`database "${name}" is blocked by another open connection`));
  });
}

/**
 * Runs `body` in one transaction and resolves with what its returned reader gives once the
 * transaction has committed, so a caller never acts on writes that could still roll back.
 */
export function transact<T>(
  db: IdbDatabase,
  stores: readonly string[],
  mode: 'readonly' | 'readwrite',
  body: (tx: IdbTransaction) => () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    let read: (() => T) | undefined;
    tx.oncomplete = () => {
      try {
        resolve((read as () => T)());
      } catch (error) {
        reject(error);
      }
    };
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    try {
      read = body(tx);
    } catch (error) {
      tx.abort();
      reject(error);
    }
  });
}
