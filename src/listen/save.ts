// listen --save: each notification body kept exactly as it arrived, one file per notification, named
// by the time it arrived and its notificationUUID (so a folder listing is in arrival order), written
// atomically (src/util/atomic-write.ts): a file in the folder is always a whole body. `replay --from`
// sends them again.
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

/** A file name from the arrival time and the notificationUUID: `20261126T112644.123Z_<uuid>.json`. */
export function savedBodyName(receivedAt: string, notificationUUID: string | undefined, attempt = 1): string {
  const time = receivedAt.replace(/[-:]/g, '');
  // The UUID comes from the sender: only its safe characters go into a file name.
  const id = (notificationUUID ?? 'no-uuid').replace(/[^A-Za-z0-9-]/g, '_').slice(0, 64) || 'no-uuid';
  return `${time}_${id}${attempt > 1 ? `-${attempt}` : ''}.json`;
}

/** Writes the body into `dir` under a name of its own (never replacing a file); resolves with its path. Throws NotWritableError. */
export async function saveBody(dir: string, body: Buffer, receivedAt: string, notificationUUID: string | undefined): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const file = join(dir, savedBodyName(receivedAt, notificationUUID, attempt));
    if (await writeFileAtomic(file, body, { mode: 0o600, exclusive: true })) return file;
  }
}
