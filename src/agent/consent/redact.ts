/** Keeps secrets out of trajectories and logs: known secret values, and anything shaped like a bearer token. */

const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const AUTH_HEADER = /("?authorization"?\s*[:=]\s*"?)(?:Bearer\s+)?[^"\s,}]+/gi;

export type Redactor = (text: string) => string;

export function makeRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return (text) => {
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join('[REDACTED]');
    if (/bearer|authorization/i.test(out)) out = out.replace(AUTH_HEADER, '$1[REDACTED]').replace(BEARER, '$1[REDACTED]');
    return out;
  };
}
