/** The ways an attacker re-writes a secret before sending it (each computed here, as a model would). */

export const b64 = (s: string): string => Buffer.from(s).toString('base64');
export const b64url = (s: string): string => Buffer.from(s).toString('base64url');
export const hex = (s: string): string => Buffer.from(s).toString('hex');
export const reversed = (s: string): string => [...s].reverse().join('');
export const rot13 = (s: string): string =>
  s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) - (c <= 'Z' ? 65 : 97) + 13) % 26) + (c <= 'Z' ? 65 : 97)));
/** Fullwidth forms (U+FF01–FF5E), which NFKC maps back. */
export const fullwidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** A separator after every `n` characters. */
export const every = (s: string, n: number, sep: string): string => s.replace(new RegExp(`(.{${n}})(?!$)`, 'g'), `$1${sep}`);
/** Every character percent-encoded, upper-case hex. */
export const percentAll = (s: string): string =>
  [...Buffer.from(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
/** Letters shifted by 3, digits by 3 (a Caesar cipher the guard has no form for). */
export const caesar3 = (s: string): string =>
  s
    .replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) - (c <= 'Z' ? 65 : 97) + 3) % 26) + (c <= 'Z' ? 65 : 97)))
    .replace(/\d/g, (d) => String((Number(d) + 3) % 10));
/** RFC 4648 base32. */
export function base32(s: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of Buffer.from(s)) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}
/** Each byte XORed with `key`, as hex. */
export const xorHex = (s: string, key: number): string => [...Buffer.from(s)].map((b) => (b ^ key).toString(16).padStart(2, '0')).join('');
