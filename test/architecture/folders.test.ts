// The shape of src/: no import cycle between its top-level folders (and files such as cli.ts), and no
// domain folder loading the CLI's terminal libraries (commander, chalk, ora, @inquirer/prompts) at run
// time. Domain code returns plain data; only commands, cli.ts and the output layer talk to a terminal.
// A type-only import (a renderer's ChalkInstance parameter) loads nothing and is allowed.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { srcTableColumn } from '../docs/markdown.js';
import { cyclicGroups, folderEdges, importsOf, packageOf, sourceImports, topLevel, type FolderEdge } from './import-graph.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const TERMINAL_PACKAGES = new Set(['commander', '@commander-js/extra-typings', 'chalk', 'ora', '@inquirer/prompts']);
/** Where the terminal libraries may load: the commands, the program, and the output layer and renderers of report/. */
const MAY_LOAD_TERMINAL = (file: string) => file.startsWith('commands/') || file === 'cli.ts' || file === 'report/output.ts' || /^report\/render[^/]*\.ts$/.test(file);

const imports = sourceImports(SRC);

function describeGroups(groups: string[][], edges: FolderEdge[]): string {
  return groups
    .map((g) => `cycle between ${g.join(', ')}:\n${edges.filter((e) => g.includes(e.from) && g.includes(e.to)).map((e) => `  ${e.from} -> ${e.to} (${e.example})`).join('\n')}`)
    .join('\n');
}

describe('src/ folders', () => {
  it('read a sensible number of imports (the parser sees the code)', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((i) => i.from === 'cli.ts' && i.to === 'commands/index.ts' && i.kind === 'runtime')).toBe(true);
    expect(imports.some((i) => i.from === 'report/output.ts' && i.specifier === 'ora' && i.dynamic)).toBe(true);
  });

  it('import each other without cycles', () => {
    const edges = folderEdges(imports);
    const groups = cyclicGroups(edges);
    expect(groups, describeGroups(groups, edges)).toEqual([]);
  });

  it('leave commander, chalk, ora and @inquirer/prompts to commands/, cli.ts and report/ output', () => {
    const offending = imports
      .filter((i) => i.kind === 'runtime' && TERMINAL_PACKAGES.has(packageOf(i.specifier) ?? '') && !MAY_LOAD_TERMINAL(i.from))
      .map((i) => `src/${i.from} loads ${i.specifier}${i.dynamic ? ' (import())' : ''}`);
    expect(offending).toEqual([]);
  });

  it("are ARCHITECTURE.md's folder table: every top-level part a row, each importing only the rows below it", () => {
    const order = srcTableColumn(readFileSync(new URL('../../ARCHITECTURE.md', import.meta.url), 'utf8'), 'The folders').map(topLevel);
    const parts = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => topLevel(e.name));
    expect([...order].sort()).toEqual([...parts].sort());
    const upward = folderEdges(imports)
      .filter((e) => order.indexOf(e.from) > order.indexOf(e.to))
      .map((e) => `${e.from} imports ${e.to}, a row above it in ARCHITECTURE.md (${e.example})`);
    expect(upward).toEqual([]);
  });

  it('have no import() whose module cannot be read', () => {
    expect(imports.filter((i) => i.specifier === '<computed>').map((i) => i.from)).toEqual([]);
  });
});

describe('the import reader', () => {
  const kinds = (text: string) => importsOf('x.ts', text).map((r) => `${r.specifier}:${r.kind}${r.dynamic ? ':dynamic' : ''}`);

  it('tells type-only imports from runtime ones', () => {
    expect(
      kinds(`
        import type { ChalkInstance } from 'chalk';
        import { type Command } from 'commander';
        import { Option, type Help } from 'commander';
        import ora from 'ora';
        import 'reflect-metadata';
        import * as x509 from '@peculiar/x509';
        export type { A } from './a.js';
        export { type B } from './b.js';
        export { c } from './c.js';
        export * from './d.js';
        type T = import('./e.js').E;
        const later = () => import('@inquirer/prompts');
      `),
    ).toEqual([
      'chalk:type',
      'commander:type',
      'commander:runtime',
      'ora:runtime',
      'reflect-metadata:runtime',
      '@peculiar/x509:runtime',
      './a.js:type',
      './b.js:type',
      './c.js:runtime',
      './d.js:runtime',
      './e.js:type',
      '@inquirer/prompts:runtime:dynamic',
    ]);
  });

  it('names packages, scoped ones included', () => {
    expect(['chalk', 'chalk/source', '@inquirer/prompts', '@inquirer/prompts/x', 'node:fs', './a.js'].map(packageOf)).toEqual([
      'chalk',
      'chalk',
      '@inquirer/prompts',
      '@inquirer/prompts',
      undefined,
      undefined,
    ]);
  });

  it('finds cycles of two and of more folders, and none in a layered graph', () => {
    expect(cyclicGroups([{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }])).toEqual([['a', 'b']]);
    expect(cyclicGroups([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }])).toEqual([['a', 'b', 'c']]);
    expect(cyclicGroups([{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'c' }])).toEqual([]);
  });
});
