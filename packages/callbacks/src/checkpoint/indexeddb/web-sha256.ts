import { stableJson } from '../stable-json.js';

/**
 * SHA-256 through the Web Crypto API, the same digest the directory store takes from
 * `node:crypto`, so both media record comparable hashes. Browsers offer `crypto.subtle` only in
 * secure contexts (https, localhost); the store checks for it when it is created.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the manifest records to detect an edited config: the hash of its sorted-key JSON. */
export function fingerprintOf(value: unknown): Promise<string> {
  return sha256Hex(new TextEncoder().encode(stableJson(value)));
}

export function hasWebCrypto(): boolean {
  return typeof globalThis.crypto?.subtle?.digest === 'function';
}
