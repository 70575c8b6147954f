// Public API of the replay domain (the replay command and tests): gather notifications from Apple's
// history or saved files, order them, send them to a handler, and remember what was delivered.
export { Collection, collectFrom, collectHistory, type ReplayItem } from './collect.js';
export { planReplay, type ReplayPlan } from './plan.js';
export { sendAll, type Answer, type SendSummary } from './send.js';
export { Spool } from './spool.js';
export { ReplayState } from './state.js';
export { replayTarget } from './target.js';
