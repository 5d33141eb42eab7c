/**
 * The messages of `rg --json`, read as bytes. A match in a minified bundle carries a line of
 * megabytes, of which the tool keeps 300 characters: such a line is not decoded and parsed whole,
 * only the message around it and the start of its text.
 */
import type { Readable } from 'node:stream';

export interface RgText {
  text?: string;
  bytes?: string;
}

export interface RgMessage {
  type: string;
  data: { path?: RgText; lines?: RgText; line_number?: number; absolute_offset?: number; binary_offset?: number | null };
}

const MATCH = Buffer.from('{"type":"match"');
const END = Buffer.from('{"type":"end"');
const TEXT_START = Buffer.from('"lines":{"text":"');
/** Cannot occur inside the text: every quote in a JSON string is escaped. */
const TEXT_END = Buffer.from('"},"line_number":');
/** Longer messages keep only the start of their line's text... */
const LONG_MESSAGE = 64 * 1024;
/** ...this many bytes of it: at least 600 characters, however they are escaped or encoded. */
const TEXT_PREFIX_BYTES = 4096;

/** The match and end messages rg prints (one JSON document a line), in order. */
export async function* rgMessages(stdout: Readable): AsyncGenerator<RgMessage> {
  for await (const line of lines(stdout)) {
    if (!startsWith(line, MATCH) && !startsWith(line, END)) continue;
    yield line.length > LONG_MESSAGE && startsWith(line, MATCH) ? parseLong(line) : (JSON.parse(line.toString('utf8')) as RgMessage);
  }
}

/** Lines as bytes: a JSON line holds no raw line break, so it can be cut before it is decoded. */
async function* lines(stream: Readable): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    let end: number;
    while ((end = chunk.indexOf(10, start)) !== -1) {
      parts.push(chunk.subarray(start, end));
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      parts = [];
      start = end + 1;
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
  }
  if (parts.length > 0) yield Buffer.concat(parts);
}

/** A match message without its long text, which is put back as its first characters only. */
function parseLong(line: Buffer): RgMessage {
  const start = line.indexOf(TEXT_START);
  const end = start === -1 ? -1 : line.indexOf(TEXT_END, start + TEXT_START.length);
  if (end === -1) return JSON.parse(line.toString('utf8')) as RgMessage; // a line rg printed as base64 bytes
  const textStart = start + TEXT_START.length;
  const message = JSON.parse(Buffer.concat([line.subarray(0, textStart), line.subarray(end)]).toString('utf8')) as RgMessage;
  message.data.lines = { text: stringPrefix(line.subarray(textStart, Math.min(end, textStart + TEXT_PREFIX_BYTES)).toString('utf8')) };
  return message;
}

/**
 * Decodes the start of a JSON string's contents. The cut may fall inside an escape (`\u00e9`): drop
 * up to five characters until it parses. A character cut in two decodes as U+FFFD, at the very end,
 * past what is kept.
 */
function stringPrefix(escaped: string): string {
  for (let drop = 0; drop <= 5; drop++) {
    try {
      return JSON.parse(`"${escaped.slice(0, escaped.length - drop)}"`) as string;
    } catch {
      // an escape cut in two: drop one more character
    }
  }
  return '';
}

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.subarray(0, prefix.length).equals(prefix);
}
