// A tiny static file server for the browser checks (node:http only, no deps).
//
//   import { serve } from './serve.mjs';
//   const server = await serve('/tmp/site', { basePath: '/some/path/', headers: {...} });
//   server.url   // 'http://127.0.0.1:PORT/some/path/'
//   await server.close();
//
// Also runnable by hand: node tests/browser/serve.mjs <dir> [--base-path /] [--port 0] [--csp]
//
// Behaviour:
// - listens on 127.0.0.1, ephemeral port unless one is given;
// - the folder is served under basePath (a path that starts and ends with '/');
//   anything outside basePath is a 404;
// - a directory URL serves its index.html; a directory URL without the trailing
//   slash is redirected (301) to the one with it, as static hosts do;
// - a missing path gets the folder's 404.html (if any) with status 404;
// - path traversal (a '..' segment, encoded or not, NUL bytes, symlinks leading
//   out of the folder) is refused with 403 / 400;
// - GET and HEAD only;
// - every response carries the extra `headers` given (e.g. a CSP header).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/** '/', 'x', '/x', 'x/' → '/', '/x/', '/x/', '/x/' */
export function normalizeBasePath(p) {
  let s = String(p || '/').trim();
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s.replace(/\/{2,}/g, '/');
}

function isInside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Start a server. Resolves to { url, origin, port, basePath, root, close() }.
 * options: basePath ('/'), headers ({}), port (0 = ephemeral), host ('127.0.0.1'),
 *          onRequest (function(req, status) for logging/tests).
 */
export async function serve(folder, options = {}) {
  const root = fs.realpathSync(path.resolve(folder));
  if (!fs.statSync(root).isDirectory()) throw new Error(`not a directory: ${folder}`);
  const basePath = normalizeBasePath(options.basePath);
  const extraHeaders = options.headers || {};
  const host = options.host || '127.0.0.1';
  const onRequest = options.onRequest || (() => {});

  function send(req, res, status, headers, body) {
    res.writeHead(status, { ...extraHeaders, 'X-Content-Type-Options': 'nosniff', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
    onRequest(req, status);
  }

  function sendFile(req, res, status, file) {
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      return send(req, res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'read error\n');
    }
    send(req, res, status, {
      'Content-Type': contentType(file),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    }, body);
  }

  function notFound(req, res) {
    const page = path.join(root, '404.html');
    if (fs.existsSync(page)) return sendFile(req, res, 404, page);
    send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not Found\n');
  }

  function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method Not Allowed\n');
    }
    const rawPath = (req.url || '/').split(/[?#]/, 1)[0];
    let urlPath;
    try {
      urlPath = decodeURIComponent(rawPath);
    } catch {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad Request\n');
    }
    if (urlPath.includes('\0') || !urlPath.startsWith('/')) {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad Request\n');
    }
    // Refuse any '..' segment (also the encoded %2e%2e / %2f forms, as we check after decoding),
    // and backslashes, which some clients treat as separators.
    if (urlPath.split(/[/\\]/).some((seg) => seg === '..')) {
      return send(req, res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Forbidden\n');
    }
    // The base path without its trailing slash is the folder itself: redirect.
    if (urlPath + '/' === basePath) {
      return send(req, res, 301, { Location: basePath }, '');
    }
    if (!urlPath.startsWith(basePath)) return notFound(req, res);

    const rel = urlPath.slice(basePath.length);
    let file = path.resolve(root, '.' + path.sep + rel);
    if (!isInside(root, file)) {
      return send(req, res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Forbidden\n');
    }
    let stat;
    try {
      // Follow symlinks, but only to places inside the folder.
      const real = fs.realpathSync(file);
      if (!isInside(root, real)) {
        return send(req, res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Forbidden\n');
      }
      stat = fs.statSync(real);
      file = real;
    } catch {
      return notFound(req, res);
    }
    if (stat.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        const query = (req.url || '').slice(rawPath.length);
        return send(req, res, 301, { Location: encodeURI(urlPath + '/') + query }, '');
      }
      const index = path.join(file, 'index.html');
      if (!fs.existsSync(index)) return notFound(req, res);
      return sendFile(req, res, 200, index);
    }
    if (!stat.isFile()) return notFound(req, res);
    return sendFile(req, res, 200, file);
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal Server Error\n');
      onRequest(req, 500, err);
    }
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address();
  const origin = `http://${host}:${port}`;
  return {
    url: origin + basePath,
    origin,
    port,
    basePath,
    root,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

// CLI: node serve.mjs <dir> [--base-path /] [--port N] [--csp]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = null;
  let basePath = '/';
  let port = 0;
  let csp = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--base-path') basePath = args[++i];
    else if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--csp') csp = true;
    else if (!dir) dir = args[i];
    else {
      console.error(`unexpected argument: ${args[i]}`);
      process.exit(2);
    }
  }
  if (!dir) {
    console.error('usage: node serve.mjs <dir> [--base-path /] [--port N] [--csp]');
    process.exit(2);
  }
  const headers = csp ? { 'Content-Security-Policy': "default-src 'self'" } : {};
  const s = await serve(dir, { basePath, port, headers });
  console.log(`serving ${s.root} at ${s.url} (Ctrl-C to stop)`);
  process.on('SIGINT', async () => {
    await s.close();
    process.exit(0);
  });
}
