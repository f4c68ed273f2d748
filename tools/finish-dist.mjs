// Finishes a release build in dist/ after Trunk: minifies wasm-bindgen's script glue (Trunk
// minifies the page and the stylesheet, not it) and the app's other scripts, checks that the page
// carries no integrity hash that the minifying would break (index.html asks Trunk for none), and
// puts a strict Content-Security-Policy in the page: scripts only from the playground's own files
// and the one inline start-up script (by hash), wasm allowed to compile, nothing from elsewhere.
// Usage: node tools/finish-dist.mjs dist
import { readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
const fail = (why) => { throw new Error(`finish-dist: ${why}`); };
const hash = (algorithm, text) => `${algorithm}-` + createHash(algorithm).update(text).digest('base64');

const glue = readdirSync(dist).find((f) => /^playground-[0-9a-f]+\.js$/.test(f)) ?? fail(`no script glue in ${dist}/`);
const gluePath = join(dist, glue);
const before = readFileSync(gluePath, 'utf8');
const { code } = await minify(before, { module: true, compress: true, mangle: true });
writeFileSync(gluePath, code);

const pagePath = join(dist, 'index.html');
// Trunk keeps the stylesheet link's data-integrity attribute after acting on it.
let page = readFileSync(pagePath, 'utf8').replace(' data-integrity=none', '');
if (/integrity/.test(page)) fail('index.html has an integrity hash: minified files would not match it');

// Trunk copies the app's wasm-bindgen snippets beside the worker too; the worker uses none.
rmSync(join(dist, 'later', 'snippets'), { recursive: true, force: true });

// The optional parts in later/ (src/later/*.js), minified; they are loaded when needed, by URL.
for (const part of readdirSync(join(dist, 'later')).filter((f) => f.endsWith('.js') && !f.startsWith('tutor'))) {
  const path = join(dist, 'later', part);
  const { code: small } = await minify(readFileSync(path, 'utf8'), { module: true, compress: true, mangle: true });
  writeFileSync(path, small);
}

// The crash guard, a classic script loaded by URL (no integrity hash), minified too.
const guardPath = join(dist, 'guard.js');
const { code: guard } = await minify(readFileSync(guardPath, 'utf8'), { compress: true, mangle: true });
writeFileSync(guardPath, guard);

// The app's own JavaScript modules (src/*.js, wasm-bindgen snippets), minified the same way.
const snippets = readdirSync(dist, { recursive: true })
  .filter((f) => f.startsWith('snippets') && f.endsWith('.js'));
for (const snippet of snippets) {
  const path = join(dist, snippet);
  const source = readFileSync(path, 'utf8');
  const { code: small } = await minify(source, { module: true, compress: true, mangle: true });
  writeFileSync(path, small);
}

const inline = [...page.matchAll(/<script type=module>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length !== 1) fail(`expected one inline module script, found ${inline.length}`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' '${hash('sha256', inline[0])}'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // The worker's terminal starts from a blob where the frame's origin is opaque (later/shell.js).
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
if (page.includes('Content-Security-Policy')) fail('index.html already has a policy');
page = page.replace(/<meta charset=utf-8>/, (meta) => `${meta}<meta content="${policy}" http-equiv=Content-Security-Policy>`);
if (!page.includes('Content-Security-Policy')) fail('no place for the policy in index.html');
writeFileSync(pagePath, page);
console.log(`${glue}: ${before.length} → ${code.length} bytes; policy: ${policy}`);
