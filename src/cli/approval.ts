/** How the CLI answers a write: --allow-writes says yes, a terminal asks y/n, anything else says no. */
import { createInterface } from 'node:readline/promises';
import type { Approver } from '../agent/tool';

export function cliApprover(allowWrites: boolean, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Approver {
  if (allowWrites) return async () => true;
  if (!stdin.isTTY) return async () => false;
  return async (request, signal) => {
    const rl = createInterface({ input: stdin, output: stderr });
    try {
      const before = request.before === undefined ? 'new file' : `${request.before.split('\n').length} lines before`;
      const answer = await rl.question(`Allow ${request.tool} on ${request.path} (${request.summary}; ${before})? [y/N] `, { signal });
      return /^y(es)?$/i.test(answer.trim());
    } catch {
      return false;
    } finally {
      rl.close();
    }
  };
}
