// The 512-byte header of a ClamAV database (.cvd, .cld, .cud), space-padded:
//   ClamAV-VDB:<build time>:<version>:<signatures>:<functionality level>:<md5>:<dsig>:<builder>:<stime>
// e.g. "ClamAV-VDB:25 Nov 2026 12-21 +0000:27830:1:216:5b78…:X:shoumi-fixture:1795609276".
// The build time uses "-" between hours and minutes because ":" separates the fields (sigtool writes it
// with strftime "%d %b %Y %H-%M %z").

import type { SignatureDatabaseFact } from '../../facts';

const MAGIC = 'ClamAV-VDB';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BUILD_TIME = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2})-(\d{2}) ([+-])(\d{2})(\d{2})$/;

export type ClamavHeader = Pick<SignatureDatabaseFact, 'version' | 'signatures' | 'builtAtMs'>;

/** What the header says; fields it does not give in the documented form are null. */
export function parseClamavHeader(header: string): ClamavHeader {
  const fields = header.trimEnd().split(':');
  if (fields[0] !== MAGIC || fields.length < 5) return { version: null, signatures: null, builtAtMs: null };
  return {
    builtAtMs: parseBuildTime(fields[1]!),
    version: parseCount(fields[2]!),
    signatures: parseCount(fields[3]!),
  };
}

function parseCount(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** "25 Nov 2026 07-25 +0000" → epoch ms UTC. */
export function parseBuildTime(text: string): number | null {
  const match = BUILD_TIME.exec(text.trim());
  if (!match) return null;
  const [, day, monthName, year, hours, minutes, sign, offsetHours, offsetMinutes] = match;
  const month = MONTHS.indexOf(monthName!);
  if (month < 0) return null;
  const localMs = Date.UTC(Number(year), month, Number(day), Number(hours), Number(minutes));
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === '+' ? localMs - offsetMs : localMs + offsetMs;
}
