// The README is the short guide: one section per command the CLI has, each with an example and a link to
// the command's reference in docs/commands/. This fails when a command is added without either.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The text under `### name`, up to the next heading of any level. */
function sectionOf(markdown: string, name: string): string | undefined {
  const start = markdown.indexOf(`\n### ${name}\n`);
  if (start < 0) return undefined;
  const rest = markdown.slice(start + name.length + 6);
  const end = rest.search(/\n#{1,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

const commands = (buildProgram() as unknown as Command).commands.filter((c) => c.name() !== 'help');

describe('README', () => {
  it('has a section for every command, with an example and a link to its reference in docs/commands/', () => {
    expect(commands.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const cmd of commands) {
      const section = sectionOf(readme, cmd.name());
      if (!section) {
        problems.push(`${cmd.name()}: no "### ${cmd.name()}" section`);
        continue;
      }
      if (!new RegExp(`^asn-doctor ${cmd.name()}\\b|\\$\\(asn-doctor ${cmd.name()}\\b|\\| asn-doctor ${cmd.name()}\\b`, 'm').test(section)) problems.push(`${cmd.name()}: no example`);
      const link = /\]\((docs\/commands\/[\w-]+\.md)\)/.exec(section);
      if (!link || !existsSync(join(root, link[1]!))) problems.push(`${cmd.name()}: no link to an existing docs/commands/ page`);
      for (const sub of cmd.commands) {
        if (!section.includes(`asn-doctor ${cmd.name()} ${sub.name()}`)) problems.push(`${cmd.name()} ${sub.name()}: no example`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('stays a guide: a few hundred lines, the reference in docs/', () => {
    expect(readme.split('\n').length).toBeLessThan(400);
  });

  it('ships with docs/ in the package, where its links and the root --help point', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toEqual(expect.arrayContaining(['README.md', 'docs/', 'schemas/']));
  });

  it('keeps the two set-up commands that .ci/run relies on', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toMatch(/^npm test\s/m);
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
