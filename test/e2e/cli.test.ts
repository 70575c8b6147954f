import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('asn-doctor (process)', () => {
  it('prints its version and nothing else', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.stderr).toBe('');
  });

  it('lists every command in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['check-url', 'allowlist', 'token', 'send-test', 'test-status', 'history', 'decode', 'emulator', 'trigger', 'listen', 'init', 'doctor', 'demo']) {
      expect(r.stdout).toContain(name);
    }
  });

  it('rejects an unknown option with exit 2, one error line and a fix, no stack trace', async () => {
    const r = await runCli(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown option '--no-such-flag'\n  fix: .*--help/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports usage errors as JSON on stdout with --json', async () => {
    const r = await runCli(['--json', 'nonexistent-command-xyz']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toMatch(/^usage\./);
    expect(doc.error.message).toContain('nonexistent-command-xyz');
  });
});
