import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/util/net.js';

describe('isLoopbackHost', () => {
  it('accepts localhost names, 127.0.0.0/8 and ::1, with or without brackets, any case', () => {
    for (const h of ['localhost', 'LOCALHOST', 'api.localhost', 'Dev.LocalHost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
  });

  it('rejects everything else', () => {
    for (const h of ['example.com', 'localhost.example.com', '128.0.0.1', '10.0.0.1', '127.999.0.1', '127.0.0', '::2', '0.0.0.0', '::', '']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});
