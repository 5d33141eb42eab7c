// Runs the fake model as a process: node --import tsx tools/fake-model/cli.ts --script FILE [--port N] [--host H]
// Prints `FAKE_MODEL_URL=http://HOST:PORT/v1` on stdout once listening; one line per request on stderr.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startFakeModel, type Script } from './server';

async function loadScript(file: string): Promise<Script> {
  const path = resolve(file);
  if (path.endsWith('.json')) return JSON.parse(await readFile(path, 'utf8')) as Script;
  let script: unknown = (await import(pathToFileURL(path).href)).default;
  // A CommonJS-compiled module (e.g. .ts under tsx without "type": "module") nests the default export once more.
  if (script && typeof script === 'object' && !Array.isArray(script) && 'default' in script) script = script.default;
  if (!Array.isArray(script) && typeof script !== 'function')
    throw new Error(`${file}: default export must be an array of steps or a function`);
  return script as Script;
}

async function main() {
  const { values } = parseArgs({ options: { script: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  if (!values.script) {
    process.stderr.write('usage: node --import tsx tools/fake-model/cli.ts --script FILE [--port N] [--host 127.0.0.1]\n');
    process.exit(2);
  }
  const fake = await startFakeModel({
    script: await loadScript(values.script),
    port: values.port ? Number(values.port) : 0,
    host: values.host ?? '127.0.0.1',
    log: (line) => process.stderr.write(`[fake-model] ${line}\n`),
  });
  process.stdout.write(`FAKE_MODEL_URL=${fake.url}\n`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`[fake-model] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
