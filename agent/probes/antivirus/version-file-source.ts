// A `version-file` source: a small text file the updater writes, with the date in the named group `time`
// of the definition's pattern. A file that no longer matches the pattern (a new product version) fails the
// reading, so the date is "unknown" rather than guessed.

import { readFileSync, statSync } from 'node:fs';
import type { TimeFormat } from '../../../policies/antivirus/product-definition';
import { describeIoError, type MachineRoot, segmentsOf } from '../machine-root';
import { datedFile, isAbsence, type SourceReading } from './source-reading';
import { parseProductTime } from './time-format';

/** A version file is a few lines; anything larger is not the file the definition means. */
const MAX_BYTES = 1024 * 1024;

export function readVersionFile(
  root: MachineRoot,
  source: { path: string; pattern: string; format: TimeFormat },
): SourceReading {
  const realFile = root.path(...segmentsOf(source.path));
  let text: string;
  try {
    const stats = statSync(realFile);
    if (!stats.isFile()) return { kind: 'failed', reason: `${realFile} is not a file` };
    if (stats.size > MAX_BYTES)
      return { kind: 'failed', reason: `${realFile} is ${stats.size} bytes, larger than a version file` };
    text = readFileSync(realFile, 'utf8');
  } catch (error) {
    if (isAbsence(error)) return { kind: 'read', readings: [] };
    return { kind: 'failed', reason: describeIoError(realFile, error) };
  }
  const time = new RegExp(source.pattern, 'm').exec(text)?.groups?.time;
  if (time === undefined)
    return { kind: 'failed', reason: `${realFile} does not match the pattern ${source.pattern}` };
  const builtAtMs = parseProductTime(time, source.format);
  if (builtAtMs === null)
    return { kind: 'failed', reason: `${realFile}: "${time}" is not a time in the format ${source.format}` };
  return { kind: 'read', readings: [datedFile('version-file', source.path, builtAtMs)] };
}
