// Whether this machine lets a test run a command in its own namespaces (unshare -r as an unprivileged
// "root"): -n for an empty network (nothing leaves it), -m for private mounts (a tiny tmpfs).
import { execFileSync } from 'node:child_process';

export function canUnshare(flags: '-rn' | '-rm'): boolean {
  try {
    execFileSync('unshare', [flags, 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
