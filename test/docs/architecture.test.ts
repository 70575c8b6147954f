// ARCHITECTURE.md walks a newcomer through the code by name; this keeps every name it gives true.
// - Every backticked repository path exists: `src/url/rules.ts`, a folder `src/jws/`, a pattern
//   `schemas/<command>.schema.json` (`<…>` and `*` stand for one path segment, or part of one, and must
//   match something), a bare file name `define.ts` (some file of that name), a heading `…md#anchor`.
// - A reference `path: name, name` (the page's one convention; `Class.member` for a method) names
//   things declared in that file: a function, class, interface, type, variable, enum or class member.
// The page's folder table (every top-level part of src/, each importing only the rows below it) is
// checked against the import graph in test/architecture/folders.test.ts, which reads that graph anyway.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, codeSpans } from './markdown.js';

const root = resolve(import.meta.dirname, '../..');
const PAGE = 'ARCHITECTURE.md';
const page = readFileSync(join(root, PAGE), 'utf8');

/** Where repository paths start; a span starting elsewhere is a path only if it looks like a file name. */
const TOP_FOLDERS = /^(src|test|bin|docs|schemas|scripts|bench)\//;
const FILE_NAME = /^[\w.<>*-]+\.(ts|mjs|js|md|json)$/;
/** `path`, `path#anchor`, or `path: name, name`; the path has no spaces, colons or backticks. */
const REFERENCE = /^([^\s:#]+)(#[\w-]+)?(?:: ([\w.]+(?:, [\w.]+)*))?$/;

interface Reference {
  span: string;
  path: string;
  anchor?: string;
  names: string[];
}

/** The span as a repository reference, or undefined when it is not one (a flag, a command, code). */
function referenceOf(span: string): Reference | undefined {
  const m = REFERENCE.exec(span);
  if (!m) return undefined;
  const path = m[1]!;
  if (!TOP_FOLDERS.test(path) && !(FILE_NAME.test(path) && !path.includes('/'))) return undefined;
  return { span, path, ...(m[2] ? { anchor: m[2].slice(1) } : {}), names: m[3] ? m[3].split(', ') : [] };
}

/** Every repository file and folder the path stands for (a pattern can stand for several). */
function matches(path: string): string[] {
  if (!path.includes('/')) return filesNamed(path);
  const segments = path.replace(/\/$/, '').split('/');
  let found = [''];
  for (const segment of segments) {
    const pattern = /[<*]/.test(segment) ? new RegExp(`^${segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '[^/]+').replace(/\*/g, '[^/]*')}$`) : undefined;
    found = found.flatMap((dir) => {
      const full = join(root, dir);
      if (!existsSync(full) || !statSync(full).isDirectory()) return [];
      if (!pattern) return existsSync(join(full, segment)) ? [join(dir, segment)] : [];
      return readdirSync(full).filter((name) => pattern.test(name)).map((name) => join(dir, name));
    });
  }
  return path.endsWith('/') ? found.filter((p) => statSync(join(root, p)).isDirectory()) : found;
}

let allFiles: string[] | undefined;
/** Every file of the repository (not dependencies, build output or dot-folders), read once. */
function repositoryFiles(): string[] {
  if (allFiles) return allFiles;
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return (allFiles = out);
}

function filesNamed(name: string): string[] {
  return repositoryFiles().filter((p) => p === name || p.endsWith(`/${name}`));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether the module's text declares `name`: a line that starts by declaring a function, class,
 * interface, type, enum or variable of that name (at any depth), or for `Class.member` a class or interface `Class` and a member `member` (a
 * method, property or accessor at the start of a line). Read from the text: parsing every file the
 * page names would cost the suite seconds, and declarations are written one way in this code base.
 */
function declares(text: string, name: string): boolean {
  const [owner, member] = name.includes('.') ? name.split('.') : [name, undefined];
  const declared = new RegExp(`^[ \\t]*(?:(?:export|default|declare|async|abstract)\\s+)*(?:function\\*?|class|interface|type|enum|const|let|var)\\s+${escape(owner!)}\\b`, 'm').test(text);
  if (!declared || member === undefined) return declared;
  return new RegExp(`^\\s+(?:(?:private|protected|public|static|readonly|async|get|set)\\s+)*${escape(member)}\\s*[(<:=?]`, 'm').test(text);
}

/** Every problem with the page's references, one line each. */
function referenceProblems(markdown: string): string[] {
  const problems: string[] = [];
  for (const ref of codeSpans(markdown).map(referenceOf)) {
    if (!ref) continue;
    const found = matches(ref.path);
    if (found.length === 0) {
      problems.push(`\`${ref.span}\`: ${ref.path} does not exist`);
      continue;
    }
    if (ref.anchor !== undefined && !anchorsOf(readFileSync(join(root, found[0]!), 'utf8')).has(ref.anchor)) {
      problems.push(`\`${ref.span}\`: ${ref.path} has no heading #${ref.anchor}`);
    }
    if (ref.names.length > 0) {
      if (found.length !== 1 || !statSync(join(root, found[0]!)).isFile()) {
        problems.push(`\`${ref.span}\`: names need one file, ${ref.path} is ${found.length === 1 ? 'a folder' : `${found.length} files`}`);
        continue;
      }
      const text = readFileSync(join(root, found[0]!), 'utf8');
      for (const name of ref.names) if (!declares(text, name)) problems.push(`\`${ref.span}\`: ${ref.path} declares no ${name}`);
    }
  }
  return problems;
}

describe(PAGE, () => {
  const refs = codeSpans(page).map(referenceOf).filter((r) => r !== undefined);

  it('reads its references (the parser sees the page)', () => {
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => r.names.length > 0).length).toBeGreaterThan(50);
    expect(refs.some((r) => r.path === 'src/url/index.ts' && r.names.includes('checkUrl'))).toBe(true);
  });

  it('names only paths that exist and functions declared where it says', () => {
    expect(referenceProblems(page)).toEqual([]);
  });
});

describe('the reference reader', () => {
  it('tells references from other code spans', () => {
    expect(referenceOf('src/url/rules.ts')).toEqual({ span: 'src/url/rules.ts', path: 'src/url/rules.ts', names: [] });
    expect(referenceOf('src/url/targets.ts: splitContactable, pinnedLookup')?.names).toEqual(['splitContactable', 'pinnedLookup']);
    expect(referenceOf('src/report/output.ts: Output.line')?.names).toEqual(['Output.line']);
    expect(referenceOf('ARCHITECTURE.md#the-shape')?.anchor).toBe('the-shape');
    expect(referenceOf('define.ts')?.path).toBe('define.ts');
    for (const other of ['--json', 'npm run schemas', "ctx.out.result('check-url', report)", 'ChalkInstance', 'check()', 'ASN_*']) {
      expect(referenceOf(other), other).toBeUndefined();
    }
  });

  it('finds a wrong path, a wrong name, a wrong anchor and a pattern that matches nothing', () => {
    expect(
      referenceProblems(
        [
          '`src/url/probe.ts`',
          '`src/url/rules.ts: checkUrlRules, checkUrlRule`',
          '`ARCHITECTURE.md#the-shapes`',
          '`schemas/<command>.schema.yaml`',
          '`nothing-here.ts`',
          '`src/url/rules.ts: checkUrlRules` `src/report/output.ts: Output.result` `schemas/<command>.schema.json` `src/report/render*.ts` `docs/apple/`',
        ].join('\n'),
      ),
    ).toEqual([
      '`src/url/probe.ts`: src/url/probe.ts does not exist',
      '`src/url/rules.ts: checkUrlRules, checkUrlRule`: src/url/rules.ts declares no checkUrlRule',
      '`ARCHITECTURE.md#the-shapes`: ARCHITECTURE.md has no heading #the-shapes',
      '`schemas/<command>.schema.yaml`: schemas/<command>.schema.yaml does not exist',
      '`nothing-here.ts`: nothing-here.ts does not exist',
    ]);
  });
});
