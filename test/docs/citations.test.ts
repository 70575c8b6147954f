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

/**
 * Every relative link of a Markdown file (outside fenced code) that names no file or no heading:
 * `[text](path)`, `[text](path#anchor)`, `[text](#anchor)`. Links to the web are not followed.
 */
export function brokenLinks(file: string, text = readFileSync(file, 'utf8')): string[] {
  const broken: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    for (const m of line.matchAll(/\[[^\]]*\]\((?!https?:|mailto:)([^)#\s]*)(#[^)\s]+)?\)/g)) {
      const target = m[1] ? resolve(dirname(file), m[1]) : file;
      if (!existsSync(target)) {
        broken.push(`${relative(root, file)}: ${m[0]} (no such file)`);
      } else if (m[2] && target.endsWith('.md') && !anchorsOf(target === file ? text : readFileSync(target, 'utf8')).has(m[2].slice(1))) {
        broken.push(`${relative(root, file)}: ${m[0]} (no such heading)`);
      }
    }
  }
  return broken;
}

/** The Markdown a user or contributor reads: the README, ARCHITECTURE.md when there is one, docs/. */
const markdownFiles = [join(root, 'README.md'), join(root, 'ARCHITECTURE.md'), ...files(join(root, 'docs'), /\.md$/)].filter((f) => existsSync(f));

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

describe('links in the README and docs/', () => {
  it('every relative link resolves to a file, and every #anchor to a heading', () => {
    expect(markdownFiles).toContain(join(root, 'README.md'));
    expect(markdownFiles.length).toBeGreaterThan(20);
    expect(markdownFiles.flatMap((f) => brokenLinks(f))).toEqual([]);
  });

  it('finds a missing file, a missing heading and a bad in-page anchor, and skips code and web links', () => {
    const readme = join(root, 'README.md');
    const text = [
      '[ok](docs/keys.md) [ok](docs/commands/urls.md#urls-set) [ok](#license) [web](https://example.com/x#y)',
      '[gone](docs/no-such.md) [bad](docs/keys.md#no-such-heading) [here](#no-such-heading)',
      '```', '[in code](docs/not-checked.md)', '```',
      '## License',
    ].join('\n');
    expect(brokenLinks(readme, text)).toEqual([
      'README.md: [gone](docs/no-such.md) (no such file)',
      'README.md: [bad](docs/keys.md#no-such-heading) (no such heading)',
      'README.md: [here](#no-such-heading) (no such heading)',
    ]);
  });
});
