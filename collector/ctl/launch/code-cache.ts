// Where shoumictl keeps V8's code cache of its own program, and whether that place is safe to load
// compiled code from. Pure path logic apart from the ownership check.
import { lstatSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** $XDG_CACHE_HOME/shoumi (else ~/.cache/shoumi); %LOCALAPPDATA%\shoumi\cache on Windows. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32')
    return path.win32.join(
      env.LOCALAPPDATA || path.win32.join(os.homedir(), 'AppData', 'Local'),
      'shoumi',
      'cache',
    );
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  return path.join(xdg ?? path.join(os.homedir(), '.cache'), 'shoumi');
}

/**
 * The cache holds compiled code that this process will run, so it is used only from a folder that no one
 * else can write: owned by this user and not writable by group or others (on Windows the per-user
 * LOCALAPPDATA stands for that). Anything else (missing, a link, someone else's) means no cache.
 */
export function privateFolder(dir: string): boolean {
  if (process.platform === 'win32') return true;
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
