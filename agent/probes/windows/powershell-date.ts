// Dates as PowerShell prints them. Windows PowerShell 5.1's ConvertTo-Json writes a DateTime as
// "/Date(1700000000000)/" (epoch ms UTC); PowerShell 7 writes ISO 8601 with the offset; a WMI/CIM DateTime
// kept as text (Get-WmiObject, or a cast) is "20261125073000.000000+480", local time with the offset in
// minutes. Anything else is unknown (null), never a guess.

const WMI_JSON_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const CIM_DATETIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{6})([+-])(\d{3})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms UTC, or null for null, an absent value, a format not listed above, or DateTime.MinValue. */
export function parsePowerShellDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const wmi = WMI_JSON_DATE.exec(text);
  // The suffix ("+0800") in "/Date(ms+0800)/" is only the zone of display; the ms are already UTC.
  if (wmi) return meaningful(Number(wmi[1]));
  const cim = CIM_DATETIME.exec(text);
  if (cim) {
    const [, year, month, day, hour, minute, second, micro, sign, offset] = cim;
    const localAsUtc = Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      Math.floor(Number(micro) / 1000),
    );
    const offsetMs = Number(offset) * 60_000 * (sign === '-' ? -1 : 1);
    return meaningful(localAsUtc - offsetMs);
  }
  if (ISO_DATE.test(text)) return meaningful(Date.parse(text));
  return null;
}

/**
 * Windows reports "never" as DateTime.MinValue (year 1, e.g. FullScanEndTime before any full scan) or as
 * the FILETIME epoch 1601; neither is a time anything happened.
 */
function meaningful(ms: number): number | null {
  if (!Number.isFinite(ms)) return null;
  return ms <= Date.UTC(1601, 0, 2) ? null : ms;
}
