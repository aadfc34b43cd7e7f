import { gzipSync } from 'node:zlib';

/**
 * gzip size at zlib's default level, measured synchronously. Node's `CompressionStream` runs the
 * same zlib at the same level, so this equals the browser-side `gzipSize` byte for byte (a test
 * holds the two together); it exists because it is several times faster for many small weights.
 */
export function gzipSizeSync(bytes: Uint8Array): number {
  return gzipSync(bytes).byteLength;
}
