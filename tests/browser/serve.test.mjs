// Tests of serve.mjs (no browser needed): node --test tests/browser/serve.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { serve, normalizeBasePath } from './serve.mjs';

function makeSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blomma-serve-'));
  const site = path.join(dir, 'site');
  const files = {
    'index.html': '<!DOCTYPE html><title>home</title>',
    '404.html': '<!DOCTYPE html><title>not found</title>',
    'lan/vasterbotten/index.html': '<!DOCTYPE html><title>vb</title>',
    'style.css': 'body{}',
    'app.js': '1', 'mod.mjs': '1', 'data.json': '{}', 'map.svg': '<svg/>', 'feed.xml': '<x/>',
    'img.png': 'png', 'font.woff2': 'w', 'robots.txt': 't', 'search.wasm': 'w', 'blob.bin': 'b',
    'å ä.txt': 'swedish',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
    fs.writeFileSync(path.join(site, rel), text);
  }
  fs.mkdirSync(path.join(site, 'empty'));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(site, 'link-out.txt'));
  return { dir, site };
}

// A raw request, so that '..' and '%2e%2e' reach the server unnormalised.
function raw(port, target) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => {
      const [head, ...body] = data.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const headers = Object.fromEntries(head.split('\r\n').slice(1).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
      }));
      resolve({ status, headers, body: body.join('\r\n\r\n') });
    });
    sock.on('error', reject);
  });
}

test('normalizeBasePath', () => {
  assert.equal(normalizeBasePath(undefined), '/');
  assert.equal(normalizeBasePath('/'), '/');
  assert.equal(normalizeBasePath('some/path'), '/some/path/');
  assert.equal(normalizeBasePath('/some/path/'), '/some/path/');
});

for (const basePath of ['/', '/some/path/']) {
  test(`serves under ${basePath}`, async (t) => {
    const { dir, site } = makeSite();
    const s = await serve(site, { basePath, headers: { 'Content-Security-Policy': "default-src 'self'" } });
    t.after(async () => {
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    assert.match(s.url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+${basePath}$`));
    const b = basePath;

    let r = await raw(s.port, b);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['content-security-policy'], "default-src 'self'");
    assert.match(r.body, /home/);

    r = await raw(s.port, `${b}lan/vasterbotten/`);
    assert.equal(r.status, 200);
    assert.match(r.body, /vb/);

    r = await raw(s.port, `${b}lan/vasterbotten`);
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, `${b}lan/vasterbotten/`);

    for (const p of [`${b}nope/`, `${b}nope.css`, `${b}empty/`]) {
      r = await raw(s.port, p);
      assert.equal(r.status, 404, p);
      assert.match(r.body, /not found/, p);
      assert.equal(r.headers['content-security-policy'], "default-src 'self'");
    }

    const types = {
      'style.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8',
      'mod.mjs': 'text/javascript; charset=utf-8', 'data.json': 'application/json',
      'map.svg': 'image/svg+xml', 'feed.xml': 'application/xml', 'img.png': 'image/png',
      'font.woff2': 'font/woff2', 'robots.txt': 'text/plain; charset=utf-8',
      'search.wasm': 'application/wasm', 'blob.bin': 'application/octet-stream',
    };
    for (const [f, type] of Object.entries(types)) {
      r = await raw(s.port, b + f);
      assert.equal(r.status, 200, f);
      assert.equal(r.headers['content-type'], type, f);
    }
    r = await raw(s.port, `${b}%C3%A5%20%C3%A4.txt`);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'swedish');

    for (const p of [`${b}../secret.txt`, `${b}%2e%2e/secret.txt`, `${b}lan/..%2f..%2fsecret.txt`, `${b}..%5csecret.txt`]) {
      r = await raw(s.port, p);
      assert.equal(r.status, 403, p);
      assert.doesNotMatch(r.body, /secret/, p);
    }
    r = await raw(s.port, `${b}link-out.txt`);
    assert.equal(r.status, 403);
    r = await raw(s.port, `${b}a%00b`);
    assert.equal(r.status, 400);

    if (b !== '/') {
      r = await raw(s.port, '/index.html');
      assert.equal(r.status, 404);
      r = await raw(s.port, b.slice(0, -1));
      assert.equal(r.status, 301);
      assert.equal(r.headers.location, b);
    }

    const res = await fetch(s.url, { method: 'POST' });
    assert.equal(res.status, 405);
    const head = await fetch(s.url + 'style.css', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
}
