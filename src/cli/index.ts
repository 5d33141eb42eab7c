import { main } from './main';

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Anything unexpected still ends with one line, never a stack trace.
    process.stderr.write(`research-copilot: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
