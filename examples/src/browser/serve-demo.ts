import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { STRICT_CSP } from './page-policy.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  // WebAssembly.instantiateStreaming accepts nothing else.
  '.wasm': 'application/wasm',
};

export interface ServeOptions {
  /** The built page (examples/browser/dist). */
  readonly root: string;
  /** Extra folders served as they are, e.g. `{ '/fixtures/': dir }` for models written in Node. */
  readonly mounts?: Readonly<Record<string, string>>;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A static server on 127.0.0.1 only; every response carries STRICT_CSP. */
export async function serveDemo(options: ServeOptions): Promise<DemoServer> {
  const mounts: Array<[string, string, string]> = [
    ...Object.entries(options.mounts ?? {}).map(([prefix, dir]) => [prefix, dir, STRICT_CSP] as [string, string, string]),
    ['/', options.root, STRICT_CSP],
  ];
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
    if (mount === undefined || !['GET', 'HEAD'].includes(request.method ?? '')) return void send(response, 404, 'not found');
    const [prefix, dir, csp] = mount;
    const relative = pathname.slice(prefix.length) || 'index.html';
    const file = path.resolve(dir, relative.endsWith('/') ? `${relative}index.html` : relative);
    // Never serve outside the mounted folder, whatever the URL says.
    if (path.relative(dir, file).startsWith('..')) return void send(response, 403, 'forbidden');
    void sendFile(response, file, csp, request.method === 'HEAD');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function sendFile(response: ServerResponse, file: string, csp: string, headOnly: boolean): Promise<void> {
  try {
    if (!(await stat(file)).isFile()) return send(response, 404, 'not found');
  } catch {
    return send(response, 404, 'not found');
  }
  response.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'cache-control': 'no-store',
  });
  if (headOnly) response.end();
  else createReadStream(file).pipe(response);
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
