// Options shared by send-test, test-status and history, and the parsing of their numbers.
// Light on purpose: define.ts files import it.
import { Option, type Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const DEFAULT_TIMEOUT_SECONDS = 30;

export function addApiOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--timeout <seconds>', 'limit for each HTTP request to the API').default(undefined, String(DEFAULT_TIMEOUT_SECONDS)))
    .option('--root <file>', 'extra trust anchor for verifying payloads (DER or PEM), e.g. the emulator CA; repeatable', collect);
}
