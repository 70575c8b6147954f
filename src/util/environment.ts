// The one reading of an environment name, wherever it comes from: --env (parsed by commander),
// ASN_ENVIRONMENT and the config file (src/auth/credentials.ts), init's prompt. Pure and light.

/** The environments the App Store Server API has. */
export const API_ENVIRONMENTS = ['sandbox', 'production'] as const;
/** Those a signed payload can name: Xcode's StoreKit testing adds xcode (and local testing). */
export const PAYLOAD_ENVIRONMENTS = ['sandbox', 'production', 'xcode', 'localtesting'] as const;
export type ApiEnvironmentName = (typeof API_ENVIRONMENTS)[number];
export type PayloadEnvironmentName = (typeof PAYLOAD_ENVIRONMENTS)[number];

/** How Apple spells each environment inside a payload (`"environment": "Sandbox"`). */
export const APPLE_ENVIRONMENT_NAME: Record<PayloadEnvironmentName, string> = {
  sandbox: 'Sandbox',
  production: 'Production',
  xcode: 'Xcode',
  localtesting: 'LocalTesting',
};

/** The environment in `text` (any case, spaces around ignored), if it is one of `allowed`. */
export function environmentIn<E extends string>(text: string, allowed: readonly E[]): E | undefined {
  const v = text.trim().toLowerCase();
  return allowed.find((e) => e === v);
}
