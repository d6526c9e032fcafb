// Reading and writing the config file. A missing file is an empty config; a file that is not YAML or not a
// valid config is an error naming the file (and the key). Written as the administrator's alone: the folder
// 0700 when this creates it, the file 0600, replaced by rename so a reader never sees half a file.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { type CtlConfig, checkConfig, configDocument } from './config-model';

export function readConfig(file: string): CtlConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: {} };
    throw new Error(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0)
    throw new Error(`the config file ${file} is not valid YAML: ${document.errors[0]!.message}`);
  const checked = checkConfig(document.toJS());
  if (!checked.ok) throw new Error(`the config file ${file}: ${checked.problem}`);
  return checked.config;
}

export function writeConfig(file: string, config: CtlConfig): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, stringify(configDocument(config)), { mode: 0o600 });
  // The mode argument is filtered by the umask; the file must be 0600 whatever the umask.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
