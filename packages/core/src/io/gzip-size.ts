/**
 * Bytes after gzip at the default level: roughly what a server with `Content-Encoding: gzip`
 * sends, which is where pruning's zeros turn into a smaller download.
 *
 * Uses the web platform's `CompressionStream`, so it runs in every browser and in Node >= 18
 * without importing a Node module.
 */
export async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  const reader = stream.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return size;
    size += value.byteLength;
  }
}

/** How exportModel measures gzip sizes; Node passes zlib's synchronous version. */
export type GzipSizer = (bytes: Uint8Array) => number | Promise<number>;
