// Public API of the auth domain: credentials, .p8 loading, App Store Server API tokens,
// Apple's token rules (shared with the emulator) and the clock-skew check.
export {
  resolveCredentials,
  CREDENTIAL_INPUTS,
  type Credentials,
  type ResolvedCredentials,
  type NeededCredential,
  type CredentialSource,
  type Environment,
} from './credentials.js';
export { loadPrivateKey, loadVerificationKey, normaliseKeyText, verificationKeyFromBytes, type LoadedKey, type LoadKeyOptions } from './key.js';
export { signApiToken, apiTokenParts, API_AUDIENCE, DEFAULT_TTL_MINUTES, MAX_TTL_MINUTES, type SignableCredentials } from './sign.js';
export { signJwt, decodeJwt, verifyEs256, cleanTokenInput, base64url, type DecodedJwt, type SignatureVerdict } from './jwt.js';
export { apiTokenFindings, apiTokenRejections, formatDuration, FUTURE_IAT_TOLERANCE_S } from './rules.js';
export { inspectToken, type InspectOptions, type InspectResult } from './inspect.js';
export { checkClockSkew, CLOCK_SKEW_LIMIT_S } from './clock.js';
export { isIssuerId, isKeyId, isBundleId, isAppAppleId, formatProblem, keyIdFromFileName, type CredentialField } from './formats.js';
