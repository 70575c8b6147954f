// Registers every command. Each define module is light; implementations load lazily.
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { define as checkUrl } from './check-url/define.js';
import { define as allowlist } from './allowlist/define.js';
import { define as token } from './token/define.js';
import { define as sendTest } from './send-test/define.js';
import { define as testStatus } from './test-status/define.js';
import { define as history } from './history/define.js';
import { define as decode } from './decode/define.js';
import { define as emulator } from './emulator/define.js';
import { define as trigger } from './trigger/define.js';
import { define as listen } from './listen/define.js';
import { define as init } from './init/define.js';
import { define as doctor } from './doctor/define.js';
import { define as demo } from './demo/define.js';
import { define as replay } from './replay/define.js';
import { define as urls } from './urls/define.js';

export function defineCommands(program: CommandUnknownOpts): void {
  checkUrl(program);
  allowlist(program);
  token(program);
  sendTest(program);
  testStatus(program);
  history(program);
  replay(program);
  decode(program);
  emulator(program);
  trigger(program);
  listen(program);
  init(program);
  urls(program);
  doctor(program);
  demo(program);
}
