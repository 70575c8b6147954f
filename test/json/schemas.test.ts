// schemas/ and the table in docs/json.md are generated from the types in src/json/; this fails when the
// types change without them (fix: `npm run schemas`), and when a schema would let a wrong shape through.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { committedSchemaFiles, expectedFiles, generateSchemas, JSON_DOC } from '../../scripts/json-schemas.mjs';
import { schemaErrors } from './contract.js';

const schemas = generateSchemas() as Record<string, Record<string, unknown>>;
const expected = expectedFiles(schemas) as Map<string, string>;

describe('declared JSON', () => {
  it('schemas/ holds exactly what the types generate', () => {
    const committed = committedSchemaFiles() as Map<string, string>;
    const want = new Map([...expected].filter(([p]) => p !== JSON_DOC));
    expect([...committed.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [path, text] of want) expect(committed.get(path), `${path} is out of date: run \`npm run schemas\``).toBe(text);
  });

  it('the table in docs/json.md is generated from the schemas', () => {
    expect(readFileSync(JSON_DOC, 'utf8'), 'docs/json.md is out of date: run `npm run schemas`').toBe(expected.get(JSON_DOC));
  });

  it('covers every command, and the package ships the schemas', () => {
    expect(Object.keys(schemas).sort()).toEqual(
      ['allowlist', 'check-url', 'decode', 'demo', 'doctor', 'emulator', 'history', 'init', 'listen', 'replay', 'send-test', 'test-status', 'token', 'token-inspect', 'trigger', 'urls', 'urls-check', 'urls-set'].sort(),
    );
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schemas/');
  });

  it('a schema refuses what its type does not allow', () => {
    const doc = { ok: true, mode: 'check', ip: '17.1.2.3', family: 4, inRange: true, range: '17.0.0.0/8', checks: [] };
    expect(schemaErrors('allowlist', doc)).toEqual([]);
    expect(schemaErrors('allowlist', { ...doc, inRange: 'yes' })).not.toEqual([]);
    expect(schemaErrors('allowlist', { ...doc, mode: 'other' })).not.toEqual([]);
    expect(schemaErrors('allowlist', { ...doc, extra: 1 })).not.toEqual([]);
    const { ip: _, ...withoutIp } = doc;
    expect(schemaErrors('allowlist', withoutIp)).not.toEqual([]);
    // The error document is every command's, and only with its required fields.
    expect(schemaErrors('listen', { ok: false, error: { code: 'x', message: 'y' } })).toEqual([]);
    expect(schemaErrors('listen', { ok: true, error: { code: 'x', message: 'y' } })).not.toEqual([]);
    expect(schemaErrors('listen', { ok: false, error: { message: 'y' } })).not.toEqual([]);
  });
});
