// Public API of the replay domain (the replay command and tests): gather notifications from Apple's
// history or saved files, order them, send them to a handler, and remember what was delivered.
export { Collection, collectFrom, collectHistory, signedPayloadOfLine, MAX_BAD_KEPT, type BadInput, type ReplayItem } from './collect.js';
export { notificationFacts, type InputProblem, type NotificationFacts } from './notification.js';
export { planReplay, type ReplayPlan } from './plan.js';
export { sendAll, isDelivered, type Answer, type SendOptions, type SendSummary } from './send.js';
export { Spool } from './spool.js';
export { ReplayState, type StateEntry } from './state.js';
export { replayTarget, type ReplayTarget } from './target.js';
