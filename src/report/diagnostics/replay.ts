import type { DiagnosticDef } from './types.js';

// Wording for `replay`: the plan it announces, what it asks, what it refuses,
// the inputs it cannot send, and how a run ended.
const IDEMPOTENT = 'Your handler gets these notifications again: it must be idempotent, keyed on notificationUUID (Apple retries with the same one), and accept a signedDate days old.';

export const replayDiagnostics = [
  // ---- options and the target ----
  {
    id: 'replay.no-target',
    severity: 'fail',
    title: 'replay needs --to URL: the handler to send the notifications to',
    fix: 'Pass --to https://your-server.example.com/apple/notifications, or --dry-run to list what would be sent.',
  },
  { id: 'replay.target.refused', severity: 'fail', title: '--to {url}: {problem}', fix: '{fix}' },
  {
    id: 'replay.target.plain-http',
    severity: 'warn',
    title: 'plain http to {host}: the notifications (your customers’ purchases) cross the network unencrypted',
    fix: 'Use https:// for a handler on another machine.',
  },
  {
    id: 'replay.from.with-filters',
    severity: 'fail',
    title: '--from replays the saved notifications as they are; {flags} select from Apple’s history',
    fix: 'Drop {flags} (use jq to pick lines from the file), or drop --from to read Apple’s history.',
  },
  { id: 'replay.from.unreadable', severity: 'fail', title: 'cannot read {path}: {reason}', fix: 'Pass a file saved with `asn-doctor history --json` or a folder written by `asn-doctor listen --save`.' },
  {
    id: 'replay.bad-input',
    severity: 'fail',
    title: '{count} of {where} hold no notification to send ({list})',
    fix: 'Fix or remove them, or pass --skip-bad to send the rest.',
  },
  { id: 'replay.bad-input.line', severity: 'warn', title: '{from}: {message}' },
  { id: 'replay.bad-input.more', severity: 'warn', title: '… and {count} more' },
  // ---- why an input is not a notification ----
  { id: 'replay.input.not-json', severity: 'fail', title: 'not JSON ({reason})' },
  { id: 'replay.input.not-a-record', severity: 'fail', title: 'not a JSON object' },
  { id: 'replay.input.no-signed-payload', severity: 'fail', title: 'no signedPayload: not a notification record' },
  { id: 'replay.input.v1', severity: 'fail', title: 'a version 1 notification (notification_type, no signedPayload): only version 2 can be replayed' },
  { id: 'replay.input.not-a-notification', severity: 'fail', title: 'the signedPayload is not a notification: it has no {field}' },
  { id: 'replay.input.line-too-long', severity: 'fail', title: 'longer than {limit} MB: not a notification record' },
  { id: 'replay.input.too-large', severity: 'fail', title: 'larger than {limit} MB: not a notification body' },
  { id: 'replay.input.unreadable', severity: 'fail', title: 'cannot be read ({code})' },
  { id: 'replay.input.empty', severity: 'fail', title: 'empty' },
  // ---- the state file ----
  { id: 'replay.state.unreadable', severity: 'fail', title: 'cannot read the state file {file}: {reason}', fix: 'Fix its permissions, or pass another --state file.' },
  {
    id: 'replay.state.corrupt',
    severity: 'fail',
    title: '{file} is not a replay state file: {reason}; it is left as it is',
    fix: 'Look at it and move it aside (it may be another file, or damaged), or pass another --state file.',
  },
  {
    id: 'replay.state.other-target',
    severity: 'fail',
    title: 'the state file {file} records deliveries to {recorded}, not {url}',
    fix: 'Pass another --state file for this handler, or --to {recorded} to go on with that one.',
  },
  { id: 'replay.state.not-writable', severity: 'fail', title: 'cannot write the state file {file}: {reason}; nothing was sent', fix: 'Free some space or fix the folder’s permissions, or pass --state in a folder you can write to.' },
  {
    id: 'replay.state.write-failed',
    severity: 'fail',
    title: 'could not record an answer in {file} ({reason}): stopped after {sent} of {planned}, so nothing goes out unrecorded',
    fix: 'Free some space or fix the permissions, then run the same command again: only the notifications not recorded are sent again.',
  },
  // ---- the plan and the question ----
  { id: 'replay.plan.send', severity: 'info', title: 'Replaying {count} to {url}' },
  { id: 'replay.plan.dry-run', severity: 'info', title: 'Dry run: {count} would be sent to {url}; nothing is sent' },
  { id: 'replay.plan.history', severity: 'info', title: 'from Apple’s notification history ({environment}), {start} to {end}{filters}' },
  { id: 'replay.plan.file', severity: 'info', title: 'from {path}, a saved notification stream' },
  { id: 'replay.plan.folder', severity: 'info', title: 'from {path}, notifications kept by listen --save' },
  { id: 'replay.plan.span', severity: 'info', title: 'signed {oldest} to {newest}; oldest first, {pace}' },
  { id: 'replay.plan.already-delivered', severity: 'info', title: '{count} already delivered according to {file}: not sent again' },
  { id: 'replay.plan.duplicates', severity: 'info', title: '{count} repeated notificationUUIDs: each is sent once' },
  { id: 'replay.plan.bad-skipped', severity: 'info', title: '{count} skipped: no notification in them (--skip-bad)' },
  { id: 'replay.plan.no-state', severity: 'info', title: 'without --state, a second run sends everything again' },
  { id: 'replay.idempotency', severity: 'info', title: IDEMPOTENT },
  { id: 'replay.nothing', severity: 'info', title: 'Nothing to replay: {reason}' },
  { id: 'replay.confirm', severity: 'info', title: 'Send {count} to {url}?' },
  {
    id: 'replay.needs-yes',
    severity: 'fail',
    title: 'replay would send {count} to {url}, and there is no terminal to ask on',
    fix: 'Add --yes to send them (run with --dry-run first to see the list).',
  },
  { id: 'replay.declined', severity: 'info', title: 'Nothing sent.' },
  // ---- progress and the end ----
  { id: 'replay.progress', severity: 'info', title: '{done}/{total} sent · {rate}/s · {failed} failed' },
  { id: 'replay.summary', severity: 'info', title: '{delivered} of {planned} delivered, {failed} failed{notSent}' },
  {
    id: 'replay.stopped.max-failures',
    severity: 'fail',
    title: 'stopped after {count} failures in a row: the handler is not taking notifications',
    fix: 'Fix the handler (the results above are what Apple would record), then run the same command again.',
  },
  { id: 'replay.stopped.interrupted', severity: 'info', title: 'Interrupted: {sent} answered{recorded}; {left} not sent' },
  { id: 'replay.rerun.state', severity: 'info', title: 'Run the same command again to send what was not delivered: {file} makes it skip the rest.' },
  { id: 'replay.rerun.no-state', severity: 'info', title: 'Pass --state FILE next time so that a second run skips what was delivered.' },
] as const satisfies readonly DiagnosticDef[];
