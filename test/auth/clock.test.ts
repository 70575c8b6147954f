import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkClockSkew } from '../../src/auth/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('checkClockSkew', () => {
  it('passes within 60 s either way', () => {
    expect(checkClockSkew(new Date(NOW.getTime() - 60_000).toUTCString(), NOW).status).toBe('pass');
    expect(checkClockSkew(new Date(NOW.getTime() + 59_000).toUTCString(), NOW).status).toBe('pass');
  });

  it('warns past 60 s and says which way', () => {
    const ahead = checkClockSkew(new Date(NOW.getTime() - 61_000).toUTCString(), NOW);
    expect(ahead).toMatchObject({ id: 'auth.clock.skew', status: 'warn' });
    expect(ahead.title).toBe('local clock is 1 min 1 s ahead of the server');
    expect(ahead.data).toMatchObject({ skewSeconds: 61 });
    expect(ahead.fix).toContain('ntp');
    const behind = checkClockSkew(new Date(NOW.getTime() + 3 * 3600_000).toUTCString(), NOW);
    expect(behind.title).toBe('local clock is 3 h behind the server');
  });

  it('skips without a usable Date header', () => {
    expect(checkClockSkew(undefined, NOW)).toMatchObject({ id: 'auth.clock.no-date', status: 'skip' });
    expect(checkClockSkew('yesterday-ish', NOW)).toMatchObject({ id: 'auth.clock.bad-date', status: 'skip' });
  });

  it('works on the Date header of a real HTTP response', async () => {
    const skewed = new Date(Date.now() - 5 * 60_000).toUTCString();
    const server = createServer((_req, res) => {
      res.setHeader('Date', skewed);
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.text();
      const c = checkClockSkew(res.headers.get('date') ?? undefined);
      expect(c.status).toBe('warn');
      expect(c.title).toMatch(/^local clock is 5 min( \d+ s)? ahead of the server$/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
