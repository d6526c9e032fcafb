// Where shoumictl's config file lives: SHOUMI_CONFIG if set; on Windows %APPDATA%\shoumi\config.yaml; else
// $XDG_CONFIG_HOME/shoumi/config.yaml, with ~/.config as XDG's own default.
import os from 'node:os';
import path from 'node:path';

export interface ConfigPlace {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

export function configPath(place: ConfigPlace = hostPlace()): string {
  const { env, platform, home } = place;
  if (env.SHOUMI_CONFIG) return path.resolve(env.SHOUMI_CONFIG);
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'shoumi', 'config.yaml');
  }
  // XDG: a relative XDG_CONFIG_HOME is invalid and is to be ignored.
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  return path.join(xdg ?? path.join(home, '.config'), 'shoumi', 'config.yaml');
}

export const hostPlace = (): ConfigPlace => ({
  env: process.env,
  platform: process.platform,
  home: os.homedir(),
});
