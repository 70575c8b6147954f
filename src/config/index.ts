export { configLocation, type ConfigLocation } from './location.js';
export { readConfig, parseConfig, writeConfig, type ConfigFile } from './file.js';
