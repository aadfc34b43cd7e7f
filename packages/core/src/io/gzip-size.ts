import { gzipSync } from 'node:zlib';

/**
 * Bytes after gzip at the default level: roughly what a server with `Content-Encoding: gzip`
 * sends, which is where pruning's zeros turn into a smaller download.
 */
export function gzipSize(bytes: Uint8Array): number {
  return gzipSync(bytes).byteLength;
}
