// Minifies wasm-bindgen's script glue in dist/ (Trunk minifies the page and the stylesheet, not
// it) and writes its new subresource-integrity hash into dist/index.html.
// Usage: node tools/minify-glue.mjs dist
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
const name = readdirSync(dist).find((f) => /^playground-.*\.js$/.test(f) && !f.endsWith('_bg.js'));
if (!name) throw new Error(`no script glue in ${dist}/`);
const path = join(dist, name);
const integrity = (text) => 'sha384-' + createHash('sha384').update(text).digest('base64');
const before = readFileSync(path, 'utf8');
const { code } = await minify(before, { module: true, compress: true, mangle: true });
const page = join(dist, 'index.html');
const html = readFileSync(page, 'utf8');
if (!html.includes(integrity(before))) throw new Error(`${page} has no integrity hash for ${name}`);
writeFileSync(path, code);
writeFileSync(page, html.replace(integrity(before), integrity(code)));
console.log(`${name}: ${before.length} → ${code.length} bytes`);
