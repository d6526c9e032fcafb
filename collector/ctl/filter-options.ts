// Query filter options as the security office types them (`--classification 机密`, `--from 2026-11-01`),
// turned into what the admin API takes, or an error naming the flag and what it accepts.
import {
  CLASSIFICATION_ZH,
  CLASSIFICATIONS,
  type Classification,
  FINDING_STATUSES,
  type FindingStatus,
} from '../../policies/model';
import { classificationToWire } from '../../proto/convert';
import type { Classification as WireClassification } from '../../proto/generated/shoumi/v1/Classification';
import { DEVICE_STATUSES, type DeviceStatus } from '../store/store';

/** 机密 or confidential (any case) → the wire enum. */
export function classificationOption(flag: string, text: string): WireClassification {
  const wanted = text.trim();
  const level = CLASSIFICATIONS.find(
    (candidate: Classification) =>
      CLASSIFICATION_ZH[candidate] === wanted || candidate === wanted.toLowerCase().replace('-', '_'),
  );
  if (level === undefined) {
    const accepted = CLASSIFICATIONS.map((candidate) => `${CLASSIFICATION_ZH[candidate]} (${candidate})`);
    throw new Error(`${flag} ${text}: not a classification; use one of ${accepted.join(', ')}`);
  }
  return classificationToWire(level);
}

export function findingStatusOption(flag: string, text: string): FindingStatus {
  if (!(FINDING_STATUSES as readonly string[]).includes(text))
    throw new Error(`${flag} ${text}: not a finding status; use one of ${FINDING_STATUSES.join(', ')}`);
  return text as FindingStatus;
}

export function deviceStatusOption(flag: string, text: string): DeviceStatus {
  if (!(DEVICE_STATUSES as readonly string[]).includes(text))
    throw new Error(`${flag} ${text}: not a device status; use one of ${DEVICE_STATUSES.join(', ')}`);
  return text as DeviceStatus;
}

// YYYY-MM-DD, optionally THH:MM[:SS[.mmm]] (a space works too), optionally Z or ±HH:MM.
const TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A point in time as epoch ms. Without a zone the time is local, as shoumictl shows times. A bare date
 * means the start of that day for `edge: 'start'` (--from) and its last millisecond for `edge: 'end'`
 * (--to), so `--from 2026-11-01 --to 2026-11-30` covers all of November.
 */
export function timeOption(flag: string, text: string, edge: 'start' | 'end'): number {
  const match = TIME_PATTERN.exec(text.trim());
  const refuse = (why: string) =>
    new Error(`${flag} ${text}: ${why}; use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (local time, or Z / ±HH:MM)`);
  if (match === null) return throwError(refuse('not a date'));
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const parts = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    ms: fraction === undefined ? 0 : Number(fraction.padEnd(3, '0')),
  };
  if (
    parts.month < 1 ||
    parts.month > 12 ||
    parts.day < 1 ||
    parts.day > daysIn(parts.year, parts.month) ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 59
  ) {
    return throwError(refuse('no such date or time'));
  }
  const dateOnly = hour === undefined;
  let ms: number;
  if (zone === undefined) {
    ms = new Date(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      parts.second,
      parts.ms,
    ).getTime();
  } else {
    const offsetMinutes = zone === 'Z' ? 0 : zoneMinutes(zone);
    ms =
      Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.ms) -
      offsetMinutes * 60_000;
  }
  if (dateOnly && edge === 'end') ms = nextDay(ms, zone === undefined) - 1;
  return ms;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** The start of the next calendar day; local days may be 23 or 25 hours long around DST changes. */
function nextDay(startOfDayMs: number, local: boolean): number {
  const date = new Date(startOfDayMs);
  if (local) return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
  return startOfDayMs + 86_400_000;
}

function throwError(error: Error): never {
  throw error;
}
