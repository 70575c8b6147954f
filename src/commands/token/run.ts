import type { CommandContext } from '../context.js';
import { ProblemError } from '../../errors.js';

export async function run(_ctx: CommandContext): Promise<number> {
  throw new ProblemError({ code: 'not-built', message: 'token is not built yet' });
}
