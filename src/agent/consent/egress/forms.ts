/**
 * The forms a secret can be sent in that the guard looks for, each in canonical form (canon.ts):
 * as written, ROT13, reversed, hex of its UTF-8, and base64 (base64url has the same canonical form)
 * at each of the three byte alignments it can have inside a longer encoded message, keeping only the
 * characters that depend on the secret alone.
 */
import { canon } from './canon';

export type FormName = 'as written' | 'ROT13' | 'reversed' | 'hex' | 'base64';

export interface SecretForm {
  name: FormName;
  /** Canonical text of the form. */
  text: string;
}

const utf8 = new TextEncoder();

export function formsOf(secret: string): SecretForm[] {
  const bytes = utf8.encode(secret);
  const forms: SecretForm[] = [
    { name: 'as written', text: canon(secret) },
    { name: 'ROT13', text: canon(rot13(secret)) },
    { name: 'reversed', text: canon([...secret].reverse().join('')) },
    { name: 'hex', text: hex(bytes) },
  ];
  for (let pad = 0; pad < 3; pad++) forms.push({ name: 'base64', text: canon(base64Inner(bytes, pad)) });
  const seen = new Set<string>();
  return forms.filter((f) => f.text.length > 0 && !seen.has(f.text) && seen.add(f.text));
}

export function rot13(s: string): string {
  return s.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * The base64 characters that encode only the secret's bits when it follows `pad` other bytes: the
 * ones before and after depend on the neighbouring bytes, whatever they are.
 */
function base64Inner(bytes: Uint8Array, pad: number): string {
  let binary = '\0'.repeat(pad);
  for (const b of bytes) binary += String.fromCharCode(b);
  const encoded = btoa(binary);
  const first = Math.ceil((8 * pad) / 6);
  const end = Math.floor((8 * (pad + bytes.length)) / 6);
  return encoded.slice(first, end);
}
