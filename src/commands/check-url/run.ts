import { ExitCode } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { parseResolve, parseTimeout, requireParsableUrl } from './options.js';
import { readCaFiles } from '../../delivery/ca-files.js';

const EXIT = { deliverable: ExitCode.ok, 'not-deliverable': ExitCode.problem, 'could-not-test': ExitCode.couldNotFinish } as const;

export async function run(ctx: CommandContext): Promise<number> {
  const url = String(ctx.args[0] ?? '');
  requireParsableUrl(url);
  const timeoutMs = parseTimeout(ctx.opts.timeout);
  const resolve = parseResolve((ctx.opts.resolve as string[] | undefined) ?? []);
  const ca = readCaFiles((ctx.opts.ca as string[] | undefined) ?? [], ctx.cwd);

  // The probes pull in undici and the X.509 parser: load them only once the arguments are usable.
  const { checkUrl, renderCheckUrlReport } = await import('../../url/index.js');
  const spinner = await ctx.out.spinner(`checking ${url}`);
  let report;
  try {
    // Ctrl-C: checkUrl stops every stage and throws InterruptedError (exit 130, "interrupted").
    report = await checkUrl(url, {
      timeoutMs,
      resolve,
      ...(ca ? { ca } : {}),
      allowPrivate: Boolean(ctx.opts.allowPrivate),
      probe: ctx.opts.probe !== false,
      signal: ctx.signal,
    });
  } finally {
    spinner.stop();
  }
  ctx.out.debug(`check-url finished in ${report.durationMs} ms (OpenSSL ${process.versions.openssl})`);

  if (ctx.out.json) ctx.out.result('check-url', report);
  else for (const line of renderCheckUrlReport(report, ctx.out.c, { verbose: Boolean(ctx.opts.verbose) })) ctx.out.line(line);
  return EXIT[report.verdict];
}
