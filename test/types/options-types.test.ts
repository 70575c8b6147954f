// The options a command declares are the options its run() can read, with their parsed types: a
// misspelt option name, or a run() that expects other options than its definition, does not compile.
// The fixture marks each such line with `// @ts-expect-error` (so `tsc` over it is clean); here it is
// compiled with the markers removed, and exactly the marked lines must fail.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./options.fixture.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
const MARKER = /^\s*\/\/ @ts-expect-error\b/;

/** Type errors in the fixture, read as `text`, under the project's own compiler options. */
function fixtureErrors(text: string): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  // Without @types/node (most of the time it would take): node's types are not what is checked here, and
  // only the fixture's own errors are read.
  const options = { ...config.options, rootDir: undefined, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name === fixture ? ts.createSourceFile(name, text, lang) : read(name, lang, ...rest));
  const program = ts.createProgram([fixture], options, host);
  const file = program.getSourceFile(fixture)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
}

const lineOf = (d: ts.Diagnostic) => d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;

describe('typed options', () => {
  it('a misspelt option, a wrongly typed one and a run() that does not fit its definition do not compile', () => {
    const lines = readFileSync(fixture, 'utf8').split('\n');
    // The line after each marker is the one that must fail.
    const marked = lines.flatMap((l, i) => (MARKER.test(l) ? [i + 2] : []));
    expect(marked).toHaveLength(6);
    const unmarked = lines.map((l) => (MARKER.test(l) ? '' : l)).join('\n');
    const errors = fixtureErrors(unmarked);
    const failing = [...new Set(errors.map(lineOf))];
    // Every marked line fails and nothing else does: the well-typed lines beside them compile.
    expect(failing, errors.map((d) => `${lineOf(d)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`).join('\n')).toEqual(marked);
  });
});
