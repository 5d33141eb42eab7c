/** Runs the built CLI (dist/cli.js) as a real child process. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startFakeModel, type RecordedRequest, type Script } from '../../tools/fake-model/server';

export const CLI = resolve(__dirname, '../../dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    onSpawn?: (kill: (sig: NodeJS.Signals) => void) => void;
    /** Sends the signal once stderr shows the pattern (not after a fixed time, which a loaded machine outruns). */
    signalOn?: { stderr: RegExp; signal: NodeJS.Signals };
    /** Another copy of the CLI bundle than dist/cli.js. */
    cli?: string;
  } = {},
): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [opts.cli ?? CLI, ...args], {
      cwd: opts.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    let signalled = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (opts.signalOn && !signalled && opts.signalOn.stderr.test(stderr)) {
        signalled = true;
        child.kill(opts.signalOn.signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
    opts.onSpawn?.((sig) => child.kill(sig));
  });
}

/** `research-copilot ask` against the scripted model on 127.0.0.1 (a server for this one run, closed after it). */
export async function askScripted(
  script: Script,
  o: { workspace: string; stateDir: string; trajectory: string; question: string; args?: string[] },
): Promise<CliRun & { requests: RecordedRequest[] }> {
  const fake = await startFakeModel({ script });
  try {
    const r = await runCli(
      [
        'ask',
        '--workspace',
        o.workspace,
        '--base-url',
        fake.url,
        '--model',
        'fake-model',
        '--trajectory',
        o.trajectory,
        ...(o.args ?? []),
        o.question,
      ],
      { env: { XDG_STATE_HOME: o.stateDir } },
    );
    return { ...r, requests: fake.requests };
  } finally {
    await fake.close();
  }
}
