import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const RULES: { folder: string; banned: RegExp; why: string }[] = [
  { folder: 'agent', banned: /^(vscode|node:fs|fs|node:child_process|child_process)$|\/host\/|\/cli\/|\/node\//, why: 'the agent core runs in the CLI, tests and the extension alike' },
  { folder: 'tools', banned: /^(vscode|node:fs|fs|node:fs\/promises|node:child_process|child_process)$|\/host\/|\/cli\/|\/node\//, why: 'tools reach the machine only through ports' },
  { folder: 'shared', banned: /^(vscode|node:.*)$|\/host\//, why: 'shared code also runs in the webview' },
  { folder: 'node', banned: /^vscode$|\/host\//, why: 'the Node adapters are editor-free' },
  { folder: 'cli', banned: /^vscode$|\/host\//, why: 'the CLI runs without VS Code' },
];

for (const rule of RULES) {
  test(`src/${rule.folder} imports nothing it must not (${rule.why})`, () => {
    const offenders: string[] = [];
    for (const f of files(join(SRC, rule.folder))) {
      for (const spec of imports(f)) if (rule.banned.test(spec)) offenders.push(`${relative(SRC, f)} → ${spec}`);
    }
    assert.deepEqual(offenders, []);
  });
}

test('the layer check itself sees imports (it can fail)', () => {
  const host = files(join(SRC, 'host')).flatMap(imports);
  assert.ok(host.includes('vscode'), 'src/host imports vscode, and the scanner finds it');
});
