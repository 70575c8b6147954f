// Removes secrets from text before it reaches a log: private keys, bearer tokens, JWTs, shared secrets.
const PEM_PRIVATE = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;
const BEARER = /(authorization:?\s*"?bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
// A compact JWT/JWS whose header is JSON (eyJ...); signed payloads are not secrets but tokens are.
const JWT_WITH_KID = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g;
const PASSWORD_FIELD = /("password"\s*:\s*")[^"]*(")/g;

export function redact(text: string): string {
  return text
    .replace(PEM_PRIVATE, '[private key redacted]')
    .replace(BEARER, '$1[redacted]')
    .replace(JWT_WITH_KID, (jwt) => `${jwt.slice(0, 12)}…[jwt redacted]`)
    .replace(PASSWORD_FIELD, '$1[redacted]$2');
}
