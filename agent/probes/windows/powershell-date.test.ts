import { describe, expect, it } from 'vitest';
import { parsePowerShellDate } from './powershell-date';

describe('parsePowerShellDate', () => {
  it('reads Windows PowerShell 5.1 JSON dates as UTC epoch ms, ignoring the display offset', () => {
    expect(parsePowerShellDate('/Date(1700000000000)/')).toBe(1_700_000_000_000);
    expect(parsePowerShellDate('/Date(1700000000000+0800)/')).toBe(1_700_000_000_000);
  });

  it('reads CIM DateTime text, local time with the offset in minutes', () => {
    // 07:30 at UTC+8 is 23:30 UTC the day before.
    expect(parsePowerShellDate('20261125073000.000000+480')).toBe(Date.UTC(2026, 10, 24, 23, 30));
    expect(parsePowerShellDate('20261125073000.250000-060')).toBe(Date.UTC(2026, 10, 25, 8, 30, 0, 250));
  });

  it('reads ISO 8601 as PowerShell 7 prints it', () => {
    expect(parsePowerShellDate('2026-11-25T07:30:00+08:00')).toBe(Date.UTC(2026, 10, 24, 23, 30));
  });

  it('reads "never" (DateTime.MinValue, the FILETIME epoch) and anything else as unknown', () => {
    expect(parsePowerShellDate('/Date(-62135596800000)/')).toBeNull();
    expect(parsePowerShellDate('16010101000000.000000+000')).toBeNull();
    expect(parsePowerShellDate(null)).toBeNull();
    expect(parsePowerShellDate(1_700_000_000_000)).toBeNull();
    expect(parsePowerShellDate('yesterday')).toBeNull();
  });
});
