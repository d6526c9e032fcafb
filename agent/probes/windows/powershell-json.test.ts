import { describe, expect, it } from 'vitest';
import { enumOf, numberListOf, numberOf, parseJsonList, textListOf, textOf } from './powershell-json';

describe('parseJsonList', () => {
  it('wraps the single object Windows PowerShell 5.1 prints for a pipeline of one', () => {
    expect(parseJsonList('{"Name":"Spooler"}', 'Get-Service')).toEqual({
      ok: true,
      records: [{ Name: 'Spooler' }],
    });
  });

  it('reads nothing printed, and null, as no records', () => {
    expect(parseJsonList('', 'Get-Printer')).toEqual({ ok: true, records: [] });
    expect(parseJsonList('\uFEFF\r\n', 'Get-Printer')).toEqual({ ok: true, records: [] });
    expect(parseJsonList('null', 'Get-Printer')).toEqual({ ok: true, records: [] });
  });

  it('fails, naming the command, on output that is not JSON or not objects', () => {
    const notJson = parseJsonList('WARNING: something', 'Get-NetRoute');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.reason).toMatch(/^Get-NetRoute printed output that is not JSON/);
    expect(parseJsonList('[1]', 'Get-NetRoute')).toEqual({
      ok: false,
      reason: 'Get-NetRoute printed item 1 that is not an object',
    });
  });
});

describe('property readers', () => {
  const record = {
    Name: '  WLAN ',
    Empty: '',
    Timeout: '600',
    CompatibleID: 'USB\\Class_08',
    Capabilities: [3, 4],
    State: 5,
    StateName: 'Established',
  };

  it('read what is there and null for what is not', () => {
    expect(textOf(record, 'Name')).toBe('WLAN');
    expect(textOf(record, 'Empty')).toBeNull();
    expect(textOf(record, 'Missing')).toBeNull();
    expect(numberOf(record, 'Timeout')).toBe(600);
    expect(numberOf(record, 'Name')).toBeNull();
    expect(textListOf(record, 'CompatibleID')).toEqual(['USB\\Class_08']);
    expect(textListOf(record, 'Missing')).toEqual([]);
    expect(numberListOf(record, 'Capabilities')).toEqual([3, 4]);
    expect(numberListOf(record, 'Missing')).toBeNull();
  });

  it('name enums printed as numbers, and keep names printed as names', () => {
    expect(enumOf(record, 'State', { 5: 'Established' })).toBe('Established');
    expect(enumOf(record, 'State', {})).toBe('5');
    expect(enumOf(record, 'StateName', {})).toBe('Established');
  });
});
