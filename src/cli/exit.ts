/** The CLI's exit statuses, and the one way a command reports a failure (one line on stderr). */
export const EXIT = { ok: 0, usage: 2, endpoint: 3, noAnswer: 4, budget: 5 } as const;

export function fail(code: number, message: string): number {
  process.stderr.write(`research-copilot: ${message}\n`);
  return code;
}
