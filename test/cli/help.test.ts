// What --help shows: only options that apply, defaults written one way, `help a b` for nested commands,
// and a way in for newcomers at the end of the root help.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram, helpWordsToFlag } from '../../src/cli.js';
import { runInProcess as runCli } from '../helpers/in-process-cli.js';

function find(program: Command, ...names: string[]): Command {
  let cmd = program;
  for (const n of names) cmd = cmd.commands.find((c) => c.name() === n)!;
  return cmd;
}

function everyCommand(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(everyCommand)];
}

describe('help', () => {
  it('token inspect lists its own --key once and only the program-wide options as global', () => {
    const help = find(buildProgram(), 'token', 'inspect').helpInformation();
    expect(help.match(/--key\b/g)).toHaveLength(1);
    for (const parentOnly of ['--ttl', '--issuer-id', '--key-id', '--bundle-id', '--config', '--version']) expect(help).not.toContain(parentOnly);
    expect(help).toMatch(/Global Options:\n\s+--json[\s\S]*--debug[\s\S]*--no-color/);
  });

  it('writes every default one way, (default: …), with no quotes, in every command', () => {
    for (const cmd of everyCommand(buildProgram())) {
      const help = cmd.helpInformation().replace(/\n\s+/g, ' ');
      expect(help, cmd.name()).not.toMatch(/default: "/);
      expect(help, cmd.name()).not.toMatch(/\bdefault(?!:)\b(?! environment)/);
    }
    const history = find(buildProgram(), 'history').helpInformation().replace(/\n\s+/g, ' ');
    expect(history).toContain('(default: 7d)');
    expect(history).toContain('(env ASN_ENVIRONMENT, default: sandbox)');
    expect(history).toContain('(default: 30)');
    expect(find(buildProgram(), 'token').helpInformation()).toContain('(default: 5)');
  });

  it('`help token inspect` is the help of token inspect; an unknown word stays an unknown command', () => {
    const program = buildProgram();
    expect(helpWordsToFlag(program, ['node', 'cli', 'help', 'token', 'inspect'])).toEqual(['node', 'cli', 'token', 'inspect', '--help']);
    expect(helpWordsToFlag(program, ['node', 'cli', 'help', 'nosuch'])).toEqual(['node', 'cli', 'nosuch']);
    expect(helpWordsToFlag(program, ['node', 'cli', 'decode', 'help'])).toEqual(['node', 'cli', 'decode', 'help']);
  });

  it('the whole command line (in-process): `help token inspect` prints inspect’s usage; the root help ends with a pointer to demo and the docs', async () => {
    const nested = await runCli(['help', 'token', 'inspect']);
    expect(nested.code).toBe(0);
    expect(nested.stdout).toMatch(/^Usage: asn-doctor token inspect/);
    const unknown = await runCli(['help', 'nosuch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'nosuch'");
    const root = await runCli(['--help']);
    const end = root.stdout.trimEnd().split('\n').slice(-3).join('\n');
    expect(end).toMatch(/^New here\? `asn-doctor demo` runs the whole loop/);
    expect(end).toMatch(/docs\/commands\/<command>\.md[^\n]*$/);
    // The pointer names pages that exist, for every command the help lists.
    for (const cmd of buildProgram().commands.filter((c) => c.name() !== 'help')) {
      expect(existsSync(new URL(`../../docs/commands/${cmd.name()}.md`, import.meta.url)), cmd.name()).toBe(true);
    }
  });
});
