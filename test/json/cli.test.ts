// The --json contract through the built CLI as a process, where the point is the process: the error
// document from the top-level handler, stdout carrying nothing but JSON, and check-url's
// "could not test" verdict on a machine with no network (an empty network namespace).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canUnshare } from '../helpers/namespaces.js';
import { CLI, cleanEnv, runCli } from '../helpers/run-cli.js';
import { expectDocument, expectRecords } from './contract.js';

describe('--json through the built CLI', () => {
  it('a usage error: the error document on stdout, nothing on stderr, exit 2', async () => {
    const r = await runCli(['--json', 'decode', '--bogus'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(expectDocument('decode', r.stdout)).toEqual({ ok: false, error: { code: 'usage.unknownOption', message: expect.any(String), fix: expect.any(String) } });
  });

  it('decode a batch from a pipe: NDJSON, one valid line per item', async () => {
    const jws = readFileSync(new URL('../fixtures/apple/real-10.jws', import.meta.url), 'utf8').trim();
    const r = await runCli(['decode', '--json'], { input: `${jws}\nnot a payload\n${jws}\n`, timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(expectRecords('decode', r.stdout).map((x) => x.ok)).toEqual([true, false, true]);
  });

  it.skipIf(!canUnshare('-rn'))('check-url with no network: could not test, exit 3, predictedResult null', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile('unshare', ['-rn', process.execPath, CLI, 'check-url', 'https://hooks.example.com/asn', '--timeout', '3', '--json'], { env: cleanEnv(), timeout: 30_000 }, (err, out) =>
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout: out }),
      ),
    );
    expect(code).toBe(3);
    expect(expectDocument('check-url', stdout)).toMatchObject({ ok: false, verdict: 'could-not-test', predictedResult: null });
  });
});
