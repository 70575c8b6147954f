// Where replay keeps the bodies it will send while it reads them all: it must see every notification
// before sending the first (history comes in no promised order, and the oldest signedDate goes first),
// and memory must not grow with their size. One temporary file, readable only by this user, removed
// when the run ends; only a small index of each body's place stays in memory.
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpoolPlace {
  offset: number;
  length: number;
}

export class Spool {
  private size = 0;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(): Promise<Spool> {
    const dir = await mkdtemp(join(tmpdir(), 'asn-doctor-replay-'));
    try {
      const handle = await open(join(dir, 'bodies'), 'wx+', 0o600);
      return new Spool(dir, handle);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  async append(body: Buffer): Promise<SpoolPlace> {
    const place = { offset: this.size, length: body.length };
    this.size += body.length;
    await this.handle.write(body, 0, body.length, place.offset);
    return place;
  }

  async read(place: SpoolPlace): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(place.length);
    const { bytesRead } = await this.handle.read(buf, 0, place.length, place.offset);
    if (bytesRead !== place.length) throw new Error(`replay spool: read ${bytesRead} of ${place.length} bytes`);
    return buf;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
