// listen --tls keeps its CA beside the emulator's state, in the user's config folder.
import { dirname, join } from 'node:path';
import { defaultStateDir } from '../emulator/state-dir.js';

export function defaultListenStateDir(env: NodeJS.ProcessEnv): string {
  return join(dirname(defaultStateDir(env)), 'listen');
}
