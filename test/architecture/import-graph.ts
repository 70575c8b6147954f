// Reads every import of src/ with the TypeScript compiler's parser (no regexes): `import type` and
// `import { type X }` are told apart from runtime imports, and `import()` is a runtime import too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type ImportKind = 'runtime' | 'type';

export interface ImportRef {
  /** As written, e.g. `../report/check.js` or `chalk`. */
  specifier: string;
  kind: ImportKind;
  /** `import()` in code. */
  dynamic: boolean;
}

/** Every import and re-export in one module's text. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text, kind: importClauseIsTypeOnly(node.importClause) ? 'type' : 'runtime', dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      refs.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'runtime', dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      // A computed specifier cannot be checked: it is reported as such, never skipped silently.
      refs.push({ specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed>', kind: 'runtime', dynamic: true });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text, kind: 'type', dynamic: false });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      refs.push({ specifier: node.moduleReference.expression.text, kind: node.isTypeOnly ? 'type' : 'runtime', dynamic: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

/** `import type {…}`, or named imports that are all `type` (with no default or namespace import). */
function importClauseIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import 'x'` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The npm package a bare specifier names (`@inquirer/prompts`, `chalk`), or undefined for a relative or node: one. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export interface SourceImport extends ImportRef {
  /** Importing file, relative to the source root with `/`, e.g. `api/client.ts`. */
  from: string;
  /** The imported file under the source root, for a relative specifier. */
  to?: string;
}

export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

const posix = (p: string) => p.split(sep).join('/');

/** Every import of every .ts file under `root`. */
export function sourceImports(root: string): SourceImport[] {
  return sourceFiles(root).flatMap((file) =>
    importsOf(file, readFileSync(file, 'utf8')).map((ref): SourceImport => {
      const from = posix(relative(root, file));
      if (!ref.specifier.startsWith('.')) return { ...ref, from };
      const to = posix(relative(root, resolve(dirname(file), ref.specifier))).replace(/\.js$/, '.ts');
      return { ...ref, from, to };
    }),
  );
}

/** The top-level part of `src/` a file belongs to: its folder (`api`), or the file itself (`cli.ts` is `cli`). */
export function topLevel(path: string): string {
  const [first, ...rest] = path.split('/');
  return rest.length ? first! : first!.replace(/\.ts$/, '');
}

export interface FolderEdge {
  from: string;
  to: string;
  /** One import behind the edge, `file -> file`, for the message. */
  example: string;
}

/** Edges between top-level parts; every kind of import counts (a type-only import ties folders too). */
export function folderEdges(imports: readonly SourceImport[]): FolderEdge[] {
  const edges = new Map<string, FolderEdge>();
  for (const i of imports) {
    if (i.to === undefined || i.to.startsWith('..')) continue;
    const from = topLevel(i.from);
    const to = topLevel(i.to);
    if (from === to) continue;
    const key = `${from}->${to}`;
    if (!edges.has(key)) edges.set(key, { from, to, example: `src/${i.from} -> src/${i.to}` });
  }
  return [...edges.values()];
}

/** The strongly connected groups of more than one node (Tarjan): each is a cycle, or several. */
export function cyclicGroups(edges: readonly Pick<FolderEdge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    if (!next.has(e.to)) next.set(e.to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return groups;
}
