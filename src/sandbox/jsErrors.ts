/** Turns a JavaScript engine's error into a short message for the model, keeping the user's lines. */

export const CODE_FILENAME = 'code.js';

/** `message` plus the stack lines that point into the user's code, host frames removed. */
export function formatJsError(message: string, stack: string): string {
  const frames = stack
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at ') && l.includes(CODE_FILENAME))
    .slice(0, 8)
    .map((l) => '    ' + l);
  const lineInMessage = /\[code\.js:(\d+):(\d+)\]/.exec(message);
  let text = message.replace(/\s*\[code\.js:\d+:\d+\]/, '');
  if (lineInMessage) text += ` (line ${lineInMessage[1]}, column ${lineInMessage[2]})`;
  else {
    const firstLine = frames.length ? /code\.js:(\d+)(?::(\d+))?/.exec(frames[0]) : null;
    if (firstLine) text += ` (line ${firstLine[1]})`;
  }
  return frames.length && !lineInMessage ? `${text}\n${frames.join('\n')}` : text;
}

/** The shape the in-sandbox prelude reports (see jsPrelude.ts). */
export interface PreludeReport {
  stdout: string;
  stderr: string;
  dropped: number;
  value?: string;
  error?: { message: string; stack: string };
}

export function parseReport(json: unknown): PreludeReport {
  const empty: PreludeReport = { stdout: '', stderr: '', dropped: 0 };
  if (typeof json !== 'string') return empty;
  try {
    const r = JSON.parse(json) as Partial<PreludeReport>;
    return {
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
      dropped: typeof r.dropped === 'number' ? r.dropped : 0,
      ...(typeof r.value === 'string' ? { value: r.value } : {}),
      ...(r.error && typeof r.error.message === 'string'
        ? { error: { message: r.error.message, stack: String(r.error.stack ?? '') } }
        : {}),
    };
  } catch {
    return empty;
  }
}
