#!/usr/bin/env node
// Runs every *.test.ts under the given folders with Node's own test runner (TypeScript through tsx).
// Usage: node tools/run-tests.mjs test/unit [more folders or files] [-- extra node --test flags]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const targets = split === -1 ? args : args.slice(0, split);
const extra = split === -1 ? [] : args.slice(split + 1);

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    const child = join(path, name);
    if (statSync(child).isDirectory()) collect(child, out);
    else if (name.endsWith('.test.ts')) out.push(child);
  }
  return out;
}

const files = targets.flatMap((t) => collect(t, []));
if (files.length === 0) {
  console.error(`no test files under ${targets.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...extra, ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
