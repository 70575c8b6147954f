// The in-process harness (test/helpers/in-process-cli.ts) in a worker that many test files share
// (vitest.config.ts: isolate false): a command still running when the test that started it ends — a
// failure or a timeout leaves one — is stopped as Ctrl-C stops it, and the next test can run its own.
// Without that, one file's timed-out test failed every later file's commands in the same worker.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, type InProcessResult } from '../helpers/in-process-cli.js';
const sockets = new Set<Socket>();
let silent: Server;
let contacted: Promise<void>;

beforeAll(async () => {
  let onContact: () => void = () => undefined;
  contacted = new Promise((resolve) => (onContact = resolve));
  // Accepts connections and never says a word: only the command's own 20 s limit would end it.
  silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    onContact();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

// Two steps in this order, even under --sequence.shuffle: the second test needs the first to have ended.
describe('a command left running by its test', { shuffle: false }, () => {
  let left: Promise<InProcessResult> | undefined;

  it('is started and not awaited, as by a test that times out', async () => {
    const url = `https://127.0.0.1:${(silent.address() as { port: number }).port}/asn`;
    left = runInProcess(['check-url', url, '--allow-private', '--timeout', '20']);
    await contacted;
  });

  it('is stopped when that test ends, and the next command runs', async () => {
    const next = await runInProcess(['allowlist', '--check', '17.1.2.3']);
    expect(next.code).toBe(0);
    const stopped = await left!;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('interrupted');
  });
});
