import type { ConfigFile } from '../config/file.js';

/** The config file was written. */
export interface InitWrittenJson {
  ok: true;
  written: true;
  path: string;
  /** What the file now holds (the key's path, never the key). */
  config: ConfigFile;
}

/** The answers were declined: nothing was written. */
export interface InitNotWrittenJson {
  ok: true;
  written: false;
  path: string;
}

/** `init --json`: one document; `written` tells whether the file was saved. */
export type InitJson = InitWrittenJson | InitNotWrittenJson;
