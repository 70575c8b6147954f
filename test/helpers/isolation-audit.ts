// An opt-in check that every test file leaves its worker as it found it, for the files after it (test
// files share workers: vitest.config.ts, docs/testing.md#files-share-workers): no server, socket, child
// process or timer left open, real timers, the same environment and working folder, and no note of a
// deprecated option left for the next command line. A file that leaves any of these fails here.
// Run: npx vitest run --config vitest.audit.config.ts
import { afterAll, beforeAll, vi } from 'vitest';
import { takeOptionNotes } from '../../src/commands/options/parse.js';

function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

function opened(before: Map<string, number>): string[] {
  const now = resources();
  return [...now].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${kind} +${n - (before.get(kind) ?? 0)}`);
}

let before = new Map<string, number>();
let env = '';
let cwd = '';

beforeAll(() => {
  before = resources();
  env = JSON.stringify(process.env);
  cwd = process.cwd();
});

afterAll(async () => {
  const fakeTimers = vi.isFakeTimers();
  if (fakeTimers) vi.useRealTimers(); // so that the wait below can end, and the next file runs on real ones
  // A server closed without waiting for its callback is gone a moment later: give it one second.
  let left = opened(before);
  for (let waited = 0; left.length > 0 && waited < 1000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = opened(before);
  }
  const problems = [
    ...(left.length > 0 ? [`left open: ${left.join(', ')}`] : []),
    ...(fakeTimers ? ['fake timers still installed (vi.useRealTimers() in a finally or afterEach)'] : []),
    ...(JSON.stringify(process.env) !== env ? ['process.env changed (pass env to the command instead)'] : []),
    ...(process.cwd() !== cwd ? [`the working folder changed to ${process.cwd()}`] : []),
    ...(takeOptionNotes().length > 0 ? ['a deprecated-option note left for the next command line'] : []),
  ];
  if (problems.length > 0) throw new Error(`this file does not leave its worker as it found it: ${problems.join('; ')}`);
});
