// Public API of the auth domain: credentials for both of Apple's APIs, .p8 loading, tokens for the App
// Store Server API and the App Store Connect API, each API's token rules (shared with the emulator)
// and the clock-skew check.
export {
  resolveCredentials,
  resolveAscCredentials,
  resolveAppIdentity,
  CREDENTIAL_INPUTS,
  ASC_CREDENTIAL_INPUTS,
  type Credentials,
  type AscCredentials,
  type AppIdentity,
  type ResolvedCredentials,
  type NeededCredential,
  type CredentialSource,
  type Environment,
} from './credentials.js';
export { loadPrivateKey, loadVerificationKey, normaliseKeyText, samePublicKey, verificationKeyFromBytes, type LoadedKey, type LoadKeyOptions } from './key.js';
export {
  signApiToken,
  apiTokenParts,
  signAscToken,
  ascTokenParts,
  API_AUDIENCE,
  DEFAULT_TTL_MINUTES,
  MAX_TTL_MINUTES,
  ASC_MAX_TTL_MINUTES,
  type SignableCredentials,
  type AscSignableCredentials,
  type AscTokenParts,
} from './sign.js';
export { signJwt, decodeJwt, verifyEs256, cleanTokenInput, base64url, type DecodedJwt, type SignatureVerdict } from './jwt.js';
export { apiTokenFindings, apiTokenRejections, formatDuration, FUTURE_IAT_TOLERANCE_S } from './rules.js';
export { ascTokenFindings, ascTokenRejections, ascKeyKindOf } from './asc-rules.js';
export { inspectToken, tokenKindOf, type InspectOptions, type InspectResult, type TokenKind, type TokenKindFrom } from './inspect.js';
export { checkClockSkew, CLOCK_SKEW_LIMIT_S } from './clock.js';
export { isIssuerId, isKeyId, isBundleId, isAppAppleId, isHttpUrl, formatProblem, ascKeyIdProblem, keyIdFromFileName, type CredentialField } from './formats.js';
