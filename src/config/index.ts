export { configLocation, type ConfigLocation } from './location.js';
export { readConfig, parseConfig, writeConfig, checkConfigWritable, removeCreatedFolders, type ConfigFile } from './file.js';
