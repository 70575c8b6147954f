// Public API of the listen domain, for the listen command, demo and tests.
export { startListener, LISTEN_DEFAULTS, type Listener, type ListenOptions, type Verifier } from './server.js';
export { listenVerifier, summarize } from './verify.js';
export { ensureLocalCa } from './tls.js';
export { defaultListenStateDir } from './state-dir.js';
export { renderEventLine, renderEventDetails, eventFix, eventOk } from './render.js';
export type { ListenEvent, ListenEventKind, NotificationSummary, ForwardOutcome } from './types.js';
