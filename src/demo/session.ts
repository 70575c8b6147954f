// Everything `demo` runs, on this machine only: the emulator standing in for Apple and a TLS `listen`
// receiver standing in for the user's server, both in-process, state in a temporary folder. close()
// leaves nothing behind: no server, no port, no file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { readRootFiles } from '../jws/roots.js';
import { ensureLocalCa, listenVerifier, startListener, type Listener } from '../listen/index.js';

export interface DemoSession {
  dir: string;
  emulator: RunningEmulator;
  listener: Listener;
  /** The receiver's URL, as it would be registered in App Store Connect. */
  receiverUrl: string;
  /** PEM of the receiver's local CA, for the sender and check-url. */
  receiverCaPem: string;
  close(): Promise<void>;
}

/**
 * `presetUrls` (default true) points the emulator's notification URLs at the receiver at once; the
 * demo itself leaves them unset and sets them through the emulator's App Store Connect API instead.
 * `onCleanup` is handed close() as soon as the folder exists, so Ctrl-C while the session is still
 * opening removes it too.
 */
export async function openDemoSession(
  opts: { presetUrls?: boolean; onCleanup?: (close: () => Promise<void>) => void } = {},
): Promise<DemoSession> {
  const dir = await mkdtemp(join(tmpdir(), 'asn-doctor-demo-'));
  const closers: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  let opening: Promise<unknown> = Promise.resolve();
  // One closing for every caller: the Ctrl-C clean-up and the command's own finally both wait for it,
  // so the process cannot leave (50 ms after the command ends) while the folder is still being removed.
  // It waits for the opening to settle first, so nothing started writes into the folder after it is gone.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await opening.catch(() => undefined);
      for (const fn of closers.splice(0).reverse()) await fn().catch(() => undefined);
    })());
  const open = async (): Promise<DemoSession> => {
    const listenDir = join(dir, 'listen');
    const ca = await ensureLocalCa(listenDir);
    const emulator = await startEmulator({ stateDir: join(dir, 'emulator'), ca: [ca.caPem], deliveryTimeoutMs: 5000 });
    closers.push(() => emulator.close());
    const listener = await startListener({
      port: 0,
      tls: true,
      stateDir: listenDir,
      verify: listenVerifier({ roots: (await readRootFiles([emulator.rootCaPath], dir)) ?? [] }),
    });
    closers.push(() => listener.close());
    const receiverUrl = `${listener.url}apple/notifications`;
    if (opts.presetUrls !== false) {
      emulator.setNotifyUrl('Sandbox', receiverUrl);
      emulator.setNotifyUrl('Production', receiverUrl);
    }
    return { dir, emulator, listener, receiverUrl, receiverCaPem: ca.caPem, close };
  };
  opening = open();
  opts.onCleanup?.(close);
  try {
    return (await opening) as DemoSession;
  } catch (err) {
    await close();
    throw err;
  }
}
