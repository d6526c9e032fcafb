// Reading a time a product wrote, in one of the formats a product definition may name
// (policies/antivirus/product-definition.ts TIME_FORMATS). Pure; null for anything that is not a valid time
// in that format, so that a changed file reads as "unknown", never as some other date.
//
// A time without a zone (a bare ISO date-time, yyyymmdd, yyyymmddhhmm) is read in the machine's own zone:
// the product wrote it on this machine, with this machine's clock. A bare ISO date ("2026-11-28") is read
// the same way, although JavaScript's Date.parse would take it as UTC.

import type { TimeFormat } from '../../../policies/antivirus/product-definition';

/** Epoch ms UTC of `value` read as `format`; null when it is not such a time. */
export function parseProductTime(value: string | number | bigint, format: TimeFormat): number | null {
  const text = String(value).trim();
  switch (format) {
    case 'epoch-seconds':
      return epoch(text, 1000);
    case 'epoch-milliseconds':
      return epoch(text, 1);
    case 'iso-8601':
      return iso8601(text);
    case 'yyyymmdd':
      return compact(text, /^(\d{4})(\d{2})(\d{2})$/);
    case 'yyyymmddhhmm':
      return compact(text, /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/);
  }
}

function epoch(text: string, msPerUnit: number): number | null {
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const ms = Number(text) * msPerUnit;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : null;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function iso8601(text: string): number | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Math.round(Number(`0.${fraction || '0'}`) * 1000);
  if (zone === undefined) return validTime('local', ...parts, ms);
  const utc = validTime('utc', ...parts, ms);
  if (utc === null) return null;
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return utc - sign * offsetMinutes * 60_000;
}

function compact(text: string, pattern: RegExp): number | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0] = match.slice(1).map(Number) as number[];
  return validTime('local', year!, month!, day!, hour, minute, 0, 0);
}

/**
 * The instant of a wall-clock time in the machine's zone or in UTC; null for a date that does not exist
 * (month 13, 31 February): Date rolls such a date over, so it is read back and compared.
 */
function validTime(
  zone: 'local' | 'utc',
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | null {
  const local = zone === 'local';
  const time = local
    ? new Date(year, month - 1, day, hour, minute, second, ms).getTime()
    : Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(time);
  const read = local
    ? [date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes()]
    : [
        date.getUTCFullYear(),
        date.getUTCMonth(),
        date.getUTCDate(),
        date.getUTCHours(),
        date.getUTCMinutes(),
      ];
  const same = [year, month - 1, day, hour, minute].every((part, index) => read[index] === part);
  return same ? time : null;
}
