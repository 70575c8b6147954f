import type { DiagnosticDef } from './types.js';

// Wording for credentials, the .p8 key, App Store Server API tokens, the clock and the config file.
const KEY_PAGE = 'App Store Connect > Users and Access > Integrations > In-App Purchase';
const REDOWNLOAD = `Use the SubscriptionKey_<KEYID>.p8 file exactly as downloaded from ${KEY_PAGE} (Apple lets you download it once; if it is lost, revoke it and create a new key).`;

const keyDiagnostics = [
  { id: 'auth.key.missing', severity: 'fail', title: 'no key file at {path}', fix: 'Check the path given with --key, ASN_PRIVATE_KEY_PATH or "privateKeyPath" in the config file.' },
  { id: 'auth.key.unreadable', severity: 'fail', title: 'cannot read the key file {path} ({reason})', fix: 'Make the file readable by your user only: chmod 600 {path}' },
  { id: 'auth.key.too-large', severity: 'fail', title: 'cannot read the key file {path}: {reason}', fix: 'Point --key at the SubscriptionKey_<KEYID>.p8 file itself (a few hundred bytes).' },
  { id: 'auth.key.is-directory', severity: 'fail', title: '{path} is a folder, not a key file', fix: 'Point --key at the SubscriptionKey_<KEYID>.p8 file itself.' },
  { id: 'auth.key.empty', severity: 'fail', title: 'the key in {where} is empty', fix: REDOWNLOAD },
  {
    id: 'auth.key.not-pem',
    severity: 'fail',
    title: 'the key in {where} is not a PEM private key (no "BEGIN PRIVATE KEY" line)',
    fix: 'Give the .p8 file from App Store Connect; its first line reads BEGIN PRIVATE KEY between dashes.',
  },
  { id: 'auth.key.encrypted', severity: 'fail', title: 'the key in {where} is encrypted with a passphrase', fix: 'Apple\'s .p8 keys are not encrypted; use the original file, or decrypt it: openssl pkcs8 -in key.pem -out SubscriptionKey.p8 (asks for the passphrase).' },
  { id: 'auth.key.certificate', severity: 'fail', title: '{where} holds a certificate, not a private key', fix: `The App Store Server API signs with a private key. ${REDOWNLOAD}` },
  { id: 'auth.key.certificate-der', severity: 'fail', title: '{where} is a certificate (.cer), not a private key', fix: `The App Store Server API signs with a private key, not a certificate. ${REDOWNLOAD}` },
  { id: 'auth.key.csr', severity: 'fail', title: '{where} holds a certificate signing request, not a private key', fix: REDOWNLOAD },
  { id: 'auth.key.public', severity: 'fail', title: '{where} holds a public key; signing needs the private key', fix: REDOWNLOAD },
  { id: 'auth.key.rsa', severity: 'fail', title: '{where} holds an RSA key; Apple\'s keys are EC P-256 (ES256)', fix: `This is not an App Store key. ${REDOWNLOAD}` },
  { id: 'auth.key.openssh', severity: 'fail', title: '{where} holds an OpenSSH key, not an App Store key', fix: REDOWNLOAD },
  { id: 'auth.key.not-ec', severity: 'fail', title: '{where} holds a {type} key; Apple\'s keys are EC P-256 (ES256)', fix: REDOWNLOAD },
  { id: 'auth.key.curve', severity: 'fail', title: '{where} holds an EC key on {curve}; ES256 needs P-256', fix: REDOWNLOAD },
  { id: 'auth.key.wrong-pem', severity: 'fail', title: '{where} holds a PEM "{label}" block, not a private key', fix: REDOWNLOAD },
  {
    id: 'auth.key.truncated',
    severity: 'fail',
    title: 'the key in {where} is cut short (the {label} block is incomplete)',
    explain: 'Copying through a terminal, a chat tool or a CI secret field often drops the last lines.',
    fix: 'Copy the whole file again, from the BEGIN PRIVATE KEY line through the END PRIVATE KEY line.',
  },
  { id: 'auth.key.bad-base64', severity: 'fail', title: 'the key in {where} has characters that are not base64 inside its {label} block', fix: 'Copy the whole file again without edits; only the BEGIN/END lines and base64 text belong in it.' },
  { id: 'auth.key.corrupt', severity: 'fail', title: 'the key in {where} does not decode as a key (damaged content)', fix: REDOWNLOAD },
  { id: 'auth.key.p12', severity: 'fail', title: '{where} is a PKCS#12 bundle (.p12), not the .p8 key', fix: `.p12 files are for push or signing certificates. ${REDOWNLOAD}` },
  {
    id: 'auth.key.permissions',
    severity: 'warn',
    title: 'the key file {path} can be read by other users (mode {mode})',
    fix: 'chmod 600 {path}',
  },
  { id: 'auth.key.sec1', severity: 'warn', title: 'loaded {where} as a SEC1 "EC PRIVATE KEY" on P-256; Apple\'s .p8 files are PKCS#8 "PRIVATE KEY"', explain: 'It signs the same way, so it works; the file was probably converted by hand.', fix: 'To store it like Apple: openssl pkcs8 -topk8 -nocrypt -in key.pem -out SubscriptionKey_<KEYID>.p8' },
  { id: 'auth.key.der', severity: 'warn', title: 'loaded {where} as a binary (DER) P-256 key; Apple\'s .p8 files are PEM text', fix: 'It works; to store it like Apple: openssl pkcs8 -topk8 -nocrypt -inform DER -in key.der -out SubscriptionKey_<KEYID>.p8' },
  { id: 'auth.key.no-pem-lines', severity: 'warn', title: 'the key in {where} has no BEGIN/END PRIVATE KEY lines; loaded the base64 body as PKCS#8', fix: 'Store the whole .p8 text, BEGIN and END lines included.' },
  {
    id: 'auth.key.asc-file-name',
    severity: 'warn',
    title: '{file} looks like an App Store Connect API key, not an In-App Purchase key',
    explain: 'App Store Connect API keys (AuthKey_*.p8) cannot call the App Store Server API; Apple answers 401. The file name is only a hint.',
    fix: `Create or use a key under ${KEY_PAGE} (file SubscriptionKey_<KEYID>.p8).`,
    troubleshooting: 'auth401',
  },
  {
    id: 'auth.key.file-kid-mismatch',
    severity: 'warn',
    title: 'key ID {keyId} differs from the key file name {file} ({fileKid})',
    explain: 'Apple finds the public key by the key ID; a token whose kid does not belong to the signing key gets a 401.',
    fix: 'Use the key ID shown next to this key in App Store Connect (usually the one in the file name).',
    troubleshooting: 'auth401',
  },
] as const satisfies readonly DiagnosticDef[];

const formatDiagnostics = [
  { id: 'auth.format.issuer-id', severity: 'fail', title: 'issuer ID "{value}" (from {origin}) is not a UUID', fix: `Copy the Issuer ID shown above the keys at ${KEY_PAGE}, e.g. 57246542-96fe-1a63-e053-0824d011072a.` },
  { id: 'auth.format.key-id', severity: 'fail', title: 'key ID "{value}" (from {origin}) is not 10 upper-case letters and digits', fix: 'Copy the Key ID of your In-App Purchase key, e.g. 2X9R4HXF34 (it is also in the file name SubscriptionKey_<KEYID>.p8).' },
  { id: 'auth.format.key-id-case', severity: 'fail', title: 'key ID "{value}" (from {origin}) must be upper case', fix: 'Write the key ID in capitals exactly as App Store Connect shows it.' },
  { id: 'auth.format.bundle-id', severity: 'fail', title: 'bundle ID "{value}" (from {origin}) is not a reverse-DNS bundle ID', fix: 'Use the bundle ID exactly as in Xcode or App Store Connect, e.g. com.example.app (case-sensitive).' },
  {
    id: 'auth.format.bundle-id-team-prefix',
    severity: 'fail',
    title: 'bundle ID "{value}" (from {origin}) starts with a Team ID',
    explain: 'TEAMID.com.example.app is an App ID; Apple expects the plain bundle ID and answers 401 or 4000002 otherwise.',
    fix: 'Drop the 10-character Team ID prefix and its dot.',
  },
  { id: 'auth.format.app-apple-id', severity: 'fail', title: 'app Apple ID "{value}" (from {origin}) is not a number', fix: 'Use the numeric Apple ID from App Store Connect > your app > App Information, e.g. 1234567890.' },
  { id: 'auth.format.environment', severity: 'fail', title: 'environment "{value}" (from {origin}) must be sandbox or production', fix: 'Pass --env sandbox or --env production (or ASN_ENVIRONMENT).' },
  { id: 'auth.format.api-url', severity: 'fail', title: 'API URL "{value}" (from {origin}) is not an http(s) URL', fix: 'Give a base URL such as https://api.storekit-sandbox.apple.com or the emulator\'s http://127.0.0.1:<port>.' },
  {
    id: 'auth.credentials.missing',
    severity: 'fail',
    title: 'missing credentials: {list}',
    fix: 'Pass the flags, set the environment variables, or run `asn-doctor init` to save them in {configPath}.',
  },
  { id: 'auth.token.ttl', severity: 'fail', title: '--ttl {ttl} is not a whole number of minutes from 1 to 60', fix: 'Use --ttl between 1 and 60 (default 5). Apple rejects tokens whose exp is more than 60 minutes after iat.' },
] as const satisfies readonly DiagnosticDef[];

const tokenInputDiagnostics = [
  { id: 'auth.jwt.empty', severity: 'fail', title: 'no token given', fix: 'Pass the token as an argument or on stdin: asn-doctor token inspect "$TOKEN"' },
  { id: 'auth.jwt.too-long', severity: 'fail', title: 'the input on stdin is over {limit}; a token is well under 2 KB', fix: 'Pipe in the token alone (the Authorization header value without "Bearer "), not a log or a file.' },
  { id: 'auth.jwt.encrypted', severity: 'fail', title: 'this is an encrypted JWT (JWE, 5 parts); App Store Server API tokens are signed JWTs with 3 parts', fix: 'Inspect the bearer token your code sends in the Authorization header.' },
  { id: 'auth.jwt.malformed', severity: 'fail', title: 'not a JWT: expected 3 dot-separated parts, found {parts}', fix: 'Pass the whole token (header.claims.signature), without line breaks.' },
  { id: 'auth.jwt.malformed-part', severity: 'fail', title: 'not a JWT: the {part} part is not base64url-encoded JSON', fix: 'Pass the whole token exactly as sent, without added characters.' },
] as const satisfies readonly DiagnosticDef[];

const findingDiagnostics = [
  { id: 'auth.jwt.alg-ok', severity: 'pass', title: 'alg is ES256' },
  { id: 'auth.jwt.alg', severity: 'fail', title: 'alg is {alg}; Apple requires ES256', fix: 'Sign with ES256 (ECDSA P-256 + SHA-256) using the In-App Purchase .p8 key.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.kid-ok', severity: 'pass', title: 'kid {kid}' },
  { id: 'auth.jwt.kid-missing', severity: 'fail', title: 'the header has no kid', explain: 'Apple finds the key to check the signature by kid.', fix: 'Put the key ID (e.g. 2X9R4HXF34) in the header as kid.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.kid-format', severity: 'fail', title: 'kid "{kid}" is not a key ID (10 upper-case letters and digits)', fix: 'Use the Key ID of your In-App Purchase key as kid.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.typ-ok', severity: 'pass', title: 'typ is JWT' },
  { id: 'auth.jwt.typ-missing', severity: 'fail', title: 'the header has no typ', explain: "Apple's documentation requires typ: JWT in the header.", fix: 'Add "typ": "JWT" to the header.' },
  { id: 'auth.jwt.typ-wrong', severity: 'fail', title: 'typ is {typ}; Apple documents JWT', fix: 'Set "typ": "JWT" in the header.' },
  { id: 'auth.jwt.iss-ok', severity: 'pass', title: 'iss {iss}' },
  { id: 'auth.jwt.iss-missing', severity: 'fail', title: 'no iss claim (issuer ID)', fix: `Set iss to the Issuer ID shown at ${KEY_PAGE}.`, troubleshooting: 'auth401' },
  { id: 'auth.jwt.iss-format', severity: 'fail', title: 'iss "{iss}" is not an issuer ID (a UUID)', fix: `Set iss to the Issuer ID shown at ${KEY_PAGE}.`, troubleshooting: 'auth401' },
  { id: 'auth.jwt.aud-ok', severity: 'pass', title: 'aud is appstoreconnect-v1' },
  { id: 'auth.jwt.aud', severity: 'fail', title: 'aud is {aud}; it must be "appstoreconnect-v1"', fix: 'Set "aud": "appstoreconnect-v1" (a string, not an array).', troubleshooting: 'auth401' },
  { id: 'auth.jwt.bid-ok', severity: 'pass', title: 'bid {bid}' },
  { id: 'auth.jwt.bid-missing', severity: 'fail', title: 'no bid claim (bundle ID)', explain: 'The App Store Server API needs bid; App Store Connect API tokens have none, so a token made for that API fails here.', fix: 'Add "bid": "<your bundle ID>" (case-sensitive), signed with the In-App Purchase key.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.bid-format', severity: 'fail', title: 'bid "{bid}" is not a reverse-DNS bundle ID', fix: 'Set bid to the bundle ID exactly as in Xcode (case-sensitive), e.g. com.example.app.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.bid-team-prefix', severity: 'fail', title: 'bid "{bid}" starts with a Team ID', explain: 'TEAMID.com.example.app is an App ID; Apple wants the plain bundle ID.', fix: 'Drop the Team ID prefix from bid.', troubleshooting: 'auth401' },
  {
    id: 'auth.jwt.asc-token',
    severity: 'fail',
    title: 'this looks like an App Store Connect API token (scope or sub "user", no bid)',
    explain: 'App Store Connect API keys and tokens (20-minute rule, no bid) do not work for the App Store Server API; it needs an In-App Purchase key and a bid claim.',
    fix: `Sign with the In-App Purchase key from ${KEY_PAGE}: asn-doctor token --key SubscriptionKey_<KEYID>.p8 ...`,
    troubleshooting: 'auth401',
  },
  { id: 'auth.jwt.time-type', severity: 'fail', title: '{claim} is {value}, not a number of seconds', fix: 'Write iat and exp as JSON numbers: whole seconds since 1970.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.iat-missing', severity: 'warn', title: 'no iat claim', explain: "Apple's documentation lists iat; some of Apple's own libraries leave it out, so it may be accepted (unconfirmed).", fix: 'Add "iat": <now in seconds>.' },
  { id: 'auth.jwt.exp-missing', severity: 'fail', title: 'no exp claim', fix: 'Add "exp": <iat + at most 3600> in seconds.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.milliseconds', severity: 'fail', title: '{claims} in milliseconds; Apple wants seconds', explain: 'JavaScript Date.now() gives milliseconds; JWT times are whole seconds since 1970.', fix: 'Divide by 1000 and round down: {suggested}.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.seconds-ok', severity: 'pass', title: 'iat and exp are in seconds' },
  { id: 'auth.jwt.lifetime-ok', severity: 'pass', title: 'lifetime {minutes} min (at most 60)' },
  { id: 'auth.jwt.lifetime', severity: 'fail', title: 'lifetime is {minutes} min; Apple allows at most 60 (exp - iat <= 3600 s)', fix: 'Set exp no more than 3600 seconds after iat; better, sign a fresh 5-minute token per request.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.lifetime-negative', severity: 'fail', title: 'exp is not after iat (exp - iat = {lifetime} s)', fix: 'Set exp to iat plus the lifetime in seconds (e.g. 300).', troubleshooting: 'auth401' },
  { id: 'auth.jwt.expired', severity: 'fail', title: 'expired {ago} ago (exp {at})', fix: 'Sign a fresh token for each request (`asn-doctor token`); if it should still be valid, check this machine\'s clock.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.not-yet-valid', severity: 'fail', title: 'not valid yet: iat is {ahead} in the future ({at})', explain: 'The clock of the machine that signed it is ahead, or iat was computed wrongly.', fix: 'Sync the signing machine\'s clock (NTP) and use the current time for iat.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.slightly-future', severity: 'warn', title: 'iat is {ahead} in the future; the clocks differ slightly', fix: 'Keep the signing machine\'s clock synced (NTP).' },
  { id: 'auth.jwt.valid-now', severity: 'pass', title: 'valid now; expires in {remaining}' },
  { id: 'auth.jwt.signature-ok', severity: 'pass', title: 'signature verifies with the given key' },
  { id: 'auth.jwt.signature-invalid', severity: 'fail', title: 'signature does not verify with the given key', explain: 'Signed by another key, or the header or claims were changed after signing.', fix: 'Sign with the key whose ID is in kid, and check --key points at that key.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.signature-der', severity: 'fail', title: 'signature is DER-encoded; JOSE (ES256) needs raw R||S, 64 bytes', explain: 'Node\'s crypto.sign returns DER unless told otherwise.', fix: "Sign with dsaEncoding: 'ieee-p1363' (Node) or a JOSE library.", troubleshooting: 'auth401' },
  { id: 'auth.jwt.signature-length', severity: 'fail', title: 'signature is {length} bytes; ES256 signatures are 64', fix: 'Sign with ES256 using the P-256 .p8 key.', troubleshooting: 'auth401' },
  { id: 'auth.jwt.signature-unchecked', severity: 'skip', title: 'signature not checked (pass --key to check it)' },
  { id: 'auth.jwt.kid-file-mismatch', severity: 'warn', title: 'kid {kid} differs from the key file name ({fileKid})', fix: 'Make kid the ID of the key that signs the token.' },
] as const satisfies readonly DiagnosticDef[];

const clockDiagnostics = [
  { id: 'auth.clock.ok', severity: 'pass', title: 'local clock within {skew} of the server' },
  {
    id: 'auth.clock.skew',
    severity: 'warn',
    title: 'local clock is {skew} {direction} the server',
    explain: "Tokens carry this machine's time; Apple may treat a fresh token as expired or not yet valid (its tolerance is not documented).",
    fix: 'Sync the clock: sudo timedatectl set-ntp true (Linux), sntp -sS time.apple.com (macOS), w32tm /resync (Windows).',
    troubleshooting: 'auth401',
  },
  { id: 'auth.clock.no-date', severity: 'skip', title: 'clock not compared (no Date header in the response)' },
  { id: 'auth.clock.bad-date', severity: 'skip', title: 'clock not compared (unreadable Date header "{date}")' },
] as const satisfies readonly DiagnosticDef[];

const configDiagnostics = [
  { id: 'config.missing', severity: 'fail', title: 'no config file at {path}', fix: 'Check the --config / ASN_CONFIG path, or run `asn-doctor init` to create it.' },
  { id: 'config.unreadable', severity: 'fail', title: 'cannot read the config file {path} ({reason})', fix: 'Check the file\'s permissions (it should be yours, mode 600).' },
  { id: 'config.invalid-json', severity: 'fail', title: 'the config file {path} is not valid JSON ({reason})', fix: 'Fix the JSON, or delete the file and run `asn-doctor init` again.' },
  { id: 'config.not-object', severity: 'fail', title: 'the config file {path} must hold a JSON object', fix: 'Run `asn-doctor init` to write a valid one.' },
  { id: 'config.not-string', severity: 'fail', title: '"{field}" in {path} must be a string', fix: 'Write it in quotes: "{field}": "...".' },
  { id: 'config.key-in-file', severity: 'fail', title: 'the config file {path} holds a private key; it may hold only the key\'s path', fix: 'Save the key as a .p8 file, set "privateKeyPath" to that file and remove "privateKey".' },
  {
    id: 'config.unwritable',
    severity: 'fail',
    title: 'cannot write the config file {path} ({reason})',
    fix: 'Pass --config (or set ASN_CONFIG) to a path in a folder you can write to, or free some space; nothing was written.',
  },
  {
    id: 'init.no-tty',
    severity: 'fail',
    title: 'no terminal to ask on, and {missing} not given',
    fix: 'Pass {missing} (optional: {optional}); or run `asn-doctor init` on a terminal to be asked. Commands also read ASN_* variables directly, so CI needs no config file.',
  },
  {
    id: 'init.url-refused',
    severity: 'fail',
    title: '{url} (from {origin}): {reason}',
    fix: '{fix}',
  },
  {
    id: 'init.key-text',
    severity: 'fail',
    title: '{origin} holds the key text; the config file stores only the path of the key file',
    fix: 'Save the key as SubscriptionKey_<KEYID>.p8 (mode 600) and give that file\'s path.',
  },
] as const satisfies readonly DiagnosticDef[];

export const authDiagnostics = [
  ...keyDiagnostics,
  ...formatDiagnostics,
  ...tokenInputDiagnostics,
  ...findingDiagnostics,
  ...clockDiagnostics,
  ...configDiagnostics,
] as const satisfies readonly DiagnosticDef[];
