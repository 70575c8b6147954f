import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suite with test/helpers/isolation-audit.ts after every file: each file must leave its worker as
// it found it (docs/testing.md#files-share-workers).
export default mergeConfig(base, defineConfig({ test: { setupFiles: ['test/helpers/isolation-audit.ts'] } }));
