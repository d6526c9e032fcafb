// The settings of this process: its flags, its environment and the config file where configPath() says.
// Read once per process.
import os from 'node:os';
import { readConfig } from './config-file';
import { configPath } from './config-path';
import { type CtlSettings, resolveSettings, type SettingFlags } from './settings';

let cached: CtlSettings | undefined;

export function hostSettings(flags: SettingFlags): CtlSettings {
  if (!cached) {
    const configFile = configPath();
    cached = resolveSettings({
      flags,
      env: process.env,
      config: readConfig(configFile),
      configFile,
      home: os.homedir(),
    });
  }
  return cached;
}
