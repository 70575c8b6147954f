// An emulator and a TLS listener that trusts it, wired together the way `demo` does, plus a way to
// trigger notifications through the emulator (so they are signed by its Apple-shaped CA).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { triggerThroughEmulator, type EmulatorTriggered } from '../../src/emulator/control-client.js';
import { readRootFiles } from '../../src/jws/roots.js';
import { ensureLocalCa, listenVerifier, startListener, type Listener, type ListenOptions } from '../../src/listen/index.js';

export interface Rig {
  emulator: RunningEmulator;
  listener: Listener;
  dir: string;
  close(): Promise<void>;
}

export async function startRig(listen: Partial<ListenOptions> = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'asn-listen-test-'));
  const ca = await ensureLocalCa(join(dir, 'listen'));
  const emulator = await startEmulator({ stateDir: join(dir, 'emulator'), ca: [ca.caPem], deliveryTimeoutMs: 3000 });
  const listener = await startListener({
    port: 0,
    tls: true,
    stateDir: join(dir, 'listen'),
    verify: listenVerifier({ roots: (await readRootFiles([emulator.rootCaPath], dir)) ?? [] }),
    ...listen,
  });
  return {
    emulator,
    listener,
    dir,
    async close() {
      await listener.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Signs one notification with the emulator and delivers it to `to`, as `trigger` does. */
export function trigger(rig: Rig, notificationType: string, subtype?: string, to = rig.listener.url): Promise<EmulatorTriggered> {
  return triggerThroughEmulator(rig.emulator.baseUrl, { notificationType, ...(subtype ? { subtype } : {}), to }, { secret: rig.emulator.controlSecret });
}
