/**
 * Text or binary? A NUL byte in the first 8 KB, a known binary signature, or a high density of
 * invalid UTF-8 makes a file binary; binary files are described, never returned.
 */
import { extname } from 'node:path';
import type { FileContent } from '../tools/workspace/port';
import { formatSize } from '../tools/workspace/format';

const SAMPLE_BYTES = 8192;
/** Share of undecodable characters in the sample above which a file counts as binary. */
const MAX_INVALID_SHARE = 0.05;

/** Signatures that are plain ASCII only name the type of a file already found to be binary. */
const SIGNATURES: Array<[bytes: number[] | string, label: string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'PNG image'],
  [[0xff, 0xd8, 0xff], 'JPEG image'],
  ['GIF8', 'GIF image'],
  ['%PDF', 'PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'ELF executable'],
  [[0x1f, 0x8b], 'gzip archive'],
  ['MZ', 'Windows executable'],
  [[0x00, 0x61, 0x73, 0x6d], 'WebAssembly module'],
  ['SQLite format 3', 'SQLite database'],
  [[0xca, 0xfe, 0xba, 0xbe], 'Java class or Mach-O binary'],
  [[0xff, 0xfe], 'UTF-16 text (not shown)'],
  [[0xfe, 0xff], 'UTF-16 text (not shown)'],
];

const EXTENSIONS: Record<string, string> = {
  '.png': 'PNG image',
  '.jpg': 'JPEG image',
  '.jpeg': 'JPEG image',
  '.gif': 'GIF image',
  '.webp': 'WebP image',
  '.ico': 'icon',
  '.pdf': 'PDF document',
  '.zip': 'ZIP archive',
  '.docx': 'Word document',
  '.xlsx': 'Excel workbook',
  '.pptx': 'PowerPoint deck',
  '.jar': 'Java archive',
  '.gz': 'gzip archive',
  '.tar': 'tar archive',
  '.so': 'shared library',
  '.dll': 'Windows library',
  '.exe': 'Windows executable',
  '.wasm': 'WebAssembly module',
  '.woff': 'font',
  '.woff2': 'font',
  '.ttf': 'font',
  '.mp3': 'audio',
  '.mp4': 'video',
  '.sqlite': 'SQLite database',
  '.db': 'database',
  '.pyc': 'Python bytecode',
  '.class': 'Java class',
};

export function classifyContent(buffer: Buffer, name: string): FileContent {
  const size = buffer.length;
  const signature = matchSignature(buffer);
  const sample = buffer.subarray(0, SAMPLE_BYTES);
  const strongSignature = signature !== undefined && (sample[0] >= 0x7f || sample[0] < 0x20 || signature === 'PDF document');
  if (strongSignature || sample.includes(0) || invalidShare(sample) > MAX_INVALID_SHARE) {
    const type = signature ?? EXTENSIONS[extname(name).toLowerCase()] ?? 'binary data of unknown type';
    return { kind: 'binary', size, description: `${type}, ${formatSize(size)}` };
  }
  return { kind: 'text', text: new TextDecoder('utf-8').decode(buffer), size };
}

function matchSignature(buffer: Buffer): string | undefined {
  for (const [bytes, label] of SIGNATURES) {
    const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    if (buffer.length >= expected.length && buffer.subarray(0, expected.length).equals(expected)) return label;
  }
  return undefined;
}

function invalidShare(sample: Buffer): number {
  if (sample.length === 0) return 0;
  // A multi-byte character cut at the sample's end is not an error: drop up to 3 trailing bytes.
  const text = new TextDecoder('utf-8').decode(sample, { stream: true });
  let invalid = 0;
  for (const ch of text) if (ch === '\uFFFD') invalid++;
  return invalid / Math.max(1, text.length);
}
