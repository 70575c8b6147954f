// Every registry entry is used: its id appears as a string in src/ (outside the registry's wording
// files), or it belongs to a family that code builds from a typed value (`platform.${platform}`,
// `net.${code}`…), recognised by the template's fixed start. The type of DiagnosticId makes the other
// direction (code naming an id that does not exist) a compile error.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { allDiagnostics } from '../../src/report/diagnostics/index.js';
import { sourceFiles } from '../architecture/import-graph.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** The registry's wording files (the modules that use ids, index.ts and errors.ts among them, are read). */
const WORDING = /\/report\/diagnostics\/(api|asc|auth|delivery|demo|doctor|emulator|general|jws|listen|network|options|replay|url)\.ts$/;

function stringsInCode(): { literals: Set<string>; templateStarts: Set<string> } {
  const literals = new Set<string>();
  const templateStarts = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    if (WORDING.test(file)) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
      else if (ts.isTemplateExpression(node) && node.head.text.includes('.')) templateStarts.add(node.head.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, templateStarts };
}

describe('the diagnostics registry', () => {
  it('has no entry that no code can reach', () => {
    const { literals, templateStarts } = stringsInCode();
    expect(literals.size).toBeGreaterThan(500);
    const unused = allDiagnostics()
      .map((d) => d.id)
      .filter((id) => !literals.has(id) && ![...templateStarts].some((start) => id.startsWith(start)));
    expect(unused).toEqual([]);
  });
});
