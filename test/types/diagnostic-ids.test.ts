// Diagnostic ids are a type: test/types/diagnostic-ids.fixture.ts must compile, exactly the lines it
// expects to fail failing (ts-expect-error). Type-checked here with the compiler API and the project's tsconfig.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./diagnostic-ids.fixture.ts', import.meta.url));

function compile(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('cannot read tsconfig.json');
  const program = ts.createProgram({ rootNames: [fixture], options: { ...config.options, noEmit: true, rootDir: root } });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(root.length)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('diagnostic ids', () => {
  it('an unknown id does not compile; registry ids, and run-time ids narrowed by hasDiagnostic, do', () => {
    expect(readFileSync(fixture, 'utf8').match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(7);
    expect(compile()).toEqual([]);
  }, 60_000);
});
