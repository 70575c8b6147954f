// Validates what a command printed with --json against the schema shipped for it (schemas/), with a
// real JSON Schema validator. Every command's tests go through here.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';

// Strict: a schema with a keyword Ajv does not know, or a type it cannot check, is refused outright.
const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();

export function schemaOf(command: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../schemas/${command}.schema.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function validator(command: string): ValidateFunction {
  let v = validators.get(command);
  if (!v) {
    v = ajv.compile(schemaOf(command));
    validators.set(command, v);
  }
  return v;
}

/** The schema's complaints about one value, or [] when it conforms. */
export function schemaErrors(command: string, value: unknown): string[] {
  const v = validator(command);
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** stdout is exactly one JSON document, and it conforms to the command's schema. Returns it. */
export function expectDocument(command: string, stdout: string): Record<string, any> {
  const doc = JSON.parse(stdout) as Record<string, any>;
  expect(schemaErrors(command, doc), `${command} --json:\n${stdout.slice(0, 3000)}`).toEqual([]);
  return doc;
}

/** stdout is NDJSON, one object a line, each conforming to the command's schema. Returns the lines. */
export function expectRecords(command: string, stdout: string): Record<string, any>[] {
  expect(stdout.endsWith('\n'), 'NDJSON ends with a newline').toBe(true);
  const lines = stdout.slice(0, -1).split('\n');
  return lines.map((line, i) => {
    const rec = JSON.parse(line) as Record<string, any>;
    expect(schemaErrors(command, rec), `${command} --json line ${i + 1}:\n${line.slice(0, 3000)}`).toEqual([]);
    return rec;
  });
}
