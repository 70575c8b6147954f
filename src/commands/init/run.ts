import type { CommandContext } from '../context.js';
import { CREDENTIAL_INPUTS } from '../../auth/index.js';
import { interruptedError, usageErrorFrom } from '../../report/diagnostics/errors.js';
import { configLocation, readConfig, writeConfig } from '../../config/index.js';
import { ExitCode } from '../../errors.js';

export async function run(ctx: CommandContext): Promise<number> {
  const location = configLocation(ctx.env, { flag: typeof ctx.opts.config === 'string' ? ctx.opts.config : undefined, cwd: ctx.cwd });
  // Prompts go to stderr with --json so stdout stays one JSON document.
  const promptOut = ctx.out.json ? process.stderr : process.stdout;
  if (!ctx.stdin.isTTY || !promptOut.isTTY) {
    const list = CREDENTIAL_INPUTS.map((i) => `${i.flag} or ${i.env}`).join(', ');
    throw usageErrorFrom('init.no-tty', { list: `${list} (config file: --config or ASN_CONFIG)` });
  }
  const existing = (await readConfig(location.path, false)) ?? {};

  const { runWizard } = await import('./wizard.js');
  ctx.out.line(`asn-doctor init: answers are checked as you go and saved to ${location.path} (mode 600).`);
  ctx.out.line("The file keeps the key's path, never the key itself.");
  let answers;
  try {
    answers = await runWizard(ctx.cwd, existing, location.path, { input: ctx.stdin, output: promptOut, signal: ctx.signal });
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw interruptedError();
    throw err;
  }
  for (const w of answers.keyWarnings) ctx.out.warn(w.fix ? `${w.title}\n  fix: ${w.fix}` : w.title);
  if (!answers.write) {
    ctx.out.line('Nothing written.');
    if (ctx.out.json) ctx.out.result({ ok: true, written: false, path: location.path });
    return ExitCode.ok;
  }
  await writeConfig(location.path, answers.config);
  if (ctx.out.json) {
    ctx.out.result({ ok: true, written: true, path: location.path, config: answers.config });
  } else {
    ctx.out.line(ctx.out.c.green(`Saved ${location.path} (mode 600).`));
    ctx.out.line('Next:');
    ctx.out.line('  asn-doctor token                 # sign a token with these credentials');
    ctx.out.line('  asn-doctor send-test             # ask Apple for a TEST notification');
    if (answers.config.notificationUrls?.production || answers.config.notificationUrls?.sandbox) {
      ctx.out.line(`  asn-doctor check-url ${answers.config.notificationUrls.sandbox ?? answers.config.notificationUrls.production}`);
    }
  }
  return ExitCode.ok;
}
