// A tiny static file server for the demo, tests and screenshots: serves a folder under an optional URL prefix
// (e.g. /blog/twin/, to prove the embed works from a sub-path as on GitHub Pages). No dependencies.
//   node scripts/serve-static.mjs [--root .] [--prefix /] [--port 8080] [--path demo/]
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
};

/**
 * Serves `root` under `prefix` on `port` (0 picks a free one; a busy preferred port falls back to a free one).
 * Resolves with the server and its base URL, e.g. http://127.0.0.1:8080/blog/twin/.
 */
export async function serveStatic({ root = '.', prefix = '/', port = 0, host = '127.0.0.1' } = {}) {
  const base = resolve(root);
  const urlPrefix = `/${prefix.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const server = createServer((request, response) => {
    handle(base, urlPrefix, request, response).catch(() => send(response, 500, 'Server error'));
  });
  await listen(server, port, host).catch((error) => {
    if (error.code !== 'EADDRINUSE' || port === 0) throw error;
    return listen(server, 0, host);
  });
  const url = `http://${host}:${server.address().port}${urlPrefix}`;
  return { server, url };
}

function listen(server, port, host) {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
}

async function handle(base, urlPrefix, request, response) {
  const { pathname } = new URL(request.url, 'http://localhost');
  if (!pathname.startsWith(urlPrefix)) return send(response, 404, 'Not found');
  let relative;
  try {
    relative = decodeURIComponent(pathname.slice(urlPrefix.length));
  } catch {
    return send(response, 400, 'Bad request');
  }
  const path = resolve(base, `.${sep}${relative}`);
  if (path !== base && !path.startsWith(base + sep)) return send(response, 403, 'Forbidden');

  let info = await stat(path).catch(() => null);
  let file = path;
  if (info?.isDirectory()) {
    // Relative URLs inside an index page only resolve right when the directory URL ends in a slash.
    if (!pathname.endsWith('/')) {
      response.writeHead(301, { Location: `${pathname}/` });
      return response.end();
    }
    file = join(path, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(response, 404, 'Not found');

  response.writeHead(200, {
    'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file).pipe(response);
}

function send(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      root: { type: 'string', default: '.' },
      prefix: { type: 'string', default: '/' },
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      path: { type: 'string', default: '' },
    },
  });
  const { url } = await serveStatic({ root: values.root, prefix: values.prefix, port: Number(values.port) });
  console.log(`Serving ${resolve(values.root)} at ${url}`);
  console.log(`Open ${url}${values.path}`);
}
