import type { IpCheck } from '../allowlist/check-ip.js';
import type { Snippet } from '../allowlist/snippets.js';
import type { Check } from '../report/check.js';

/** The configuration snippets that let Apple's range through (exit 0). */
export interface AllowlistSnippetsJson {
  ok: true;
  mode: 'snippets';
  /** Apple's documented range, `17.0.0.0/8`. */
  range: string;
  /** The notification path the snippets protect. */
  path: string;
  port: number;
  snippets: Snippet[];
  /** Why an allow-list behind a proxy needs the real client address, one point an item. */
  forwardedForPitfall: string[];
}

/** `--check IP`: whether the address is inside Apple's range (exit 0) or not (exit 1). */
export interface AllowlistCheckJson extends IpCheck {
  ok: boolean;
  mode: 'check';
  checks: Check[];
}

/** `allowlist --json`: one document; `mode` tells which of the two it is. */
export type AllowlistJson = AllowlistSnippetsJson | AllowlistCheckJson;
