// Prints the gzip size of the JavaScript the browser loads before the first view (index.html's
// entry chunk and its static imports) against the 350 KB budget; fails the build when over it.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve('dist/client');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const m of html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)) initial.add(m[1]);
const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f))).length;
const BUDGET = 350 * 1024;
let total = 0;
for (const f of initial) total += gz(f);
const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const lazyTotal = all.filter((f) => !initial.has(`assets/${f}`)).reduce((s, f) => s + gz(`assets/${f}`), 0);
console.log(`初始 JavaScript（gzip）: ${(total / 1024).toFixed(1)} KB / 预算 350 KB（${[...initial].join(', ')}）`);
console.log(`按需加载的 JavaScript（gzip）: ${(lazyTotal / 1024).toFixed(1)} KB，共 ${all.length} 个文件`);
if (total > BUDGET) {
  console.error('初始 JavaScript 超出预算');
  process.exit(1);
}
