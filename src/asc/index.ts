// Public API of the App Store Connect domain: the client, the apps resource's notification URL
// settings (read, judged, changed with a read back), sessions, and the explanation of its errors.
export { AscClient, DEFAULT_ASC_TIMEOUT_MS, type AscCall, type AscClientOptions, type AscResponse } from './client.js';
export { ASC_BASE_URL, resolveAscBaseUrl, type AscTarget, type ResolvedAscBaseUrl } from './endpoints.js';
export { AscHttpError, type AscErrorEntry } from './errors.js';
export { AppLookupError, findApp, readApp, patchApp, URL_ATTRIBUTES, URL_VERSIONS, type AppSelector, type AscApp, type EnvironmentUrl, type NotificationUrlSettings, type UrlEnvironment, type UrlVersion } from './apps.js';
export {
  applyChange,
  effectiveUrl,
  planChange,
  settingsFindings,
  DEFAULT_VERSION,
  ENVIRONMENTS,
  type ApplyOutcome,
  type ChangePlan,
  type PlannedChange,
  type UrlChangeRequest,
} from './settings.js';
export { openAscSession, sessionWith, type AscSession, type AscSessionOptions } from './session.js';
export { ascErrorToAsn, describeAscError, isAscError, lookupErrorToAsn, type AscError } from './explain.js';
