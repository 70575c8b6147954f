// Comments cite the repository's own docs (docs/...md#anchor) for the "why"; this keeps those citations
// pointing at files and headings that exist, and keeps notes from outside the repository out of them.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf } from './markdown.js';

const root = resolve(import.meta.dirname, '../..');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

const code = [...files(join(root, 'src'), /\.ts$/), ...files(join(root, 'test'), /\.ts$/)].filter((f) => !f.endsWith('citations.test.ts'));

describe('citations in code', () => {
  it('every docs/…md#anchor cited in src/ and test/ names a file and heading that exist', () => {
    const broken: string[] = [];
    for (const f of code) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bdocs\/([\w/.-]+\.md)(#[\w-]+)?/g)) {
        const doc = join(root, 'docs', m[1]!);
        if (!existsSync(doc)) broken.push(`${relative(root, f)}: ${m[0]} (no such file)`);
        else if (m[2] && !anchorsOf(readFileSync(doc, 'utf8')).has(m[2].slice(1))) broken.push(`${relative(root, f)}: ${m[0]} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no comment cites notes that live outside the repository', () => {
    const outside = code.filter((f) => /apple-facts|\bdesign\.md\b|user-pains/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(outside).toEqual([]);
  });
});

describe('links inside docs/', () => {
  it('every relative link between docs resolves, anchors included', () => {
    const broken: string[] = [];
    for (const f of files(join(root, 'docs'), /\.md$/)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\]\((?!https?:|mailto:)([^)#\s]*)(#[^)\s]+)?\)/g)) {
        const target = m[1] ? resolve(dirname(f), m[1]) : f;
        if (!existsSync(target)) broken.push(`${relative(root, f)}: ${m[0]}`);
        else if (m[2] && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(m[2].slice(1))) broken.push(`${relative(root, f)}: ${m[0]} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
