#!/usr/bin/env node
// bench/run.mjs runs every benchmark of heapsight against its anchor tool,
// one after another (they measure wall time and memory, so never in
// parallel), and prints each one's figures and ratios. `npm run bench`.
// Pass names to run a subset: `npm run bench -- profile-top`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(' ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`${f}: exited ${r.status ?? r.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
