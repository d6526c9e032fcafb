import { describe, expect, it } from 'vitest';
import { renderTable, wrapText } from './text-table';

describe('renderTable', () => {
  it('aligns columns by display width, so Chinese text lines up', () => {
    const table = renderTable(
      [
        { header: 'LEVEL', value: (row: { level: string; host: string }) => row.level },
        { header: 'HOST', value: (row) => row.host },
      ],
      [
        { level: '机密', host: 'ws-01' },
        { level: 'secret', host: 'ws-02' },
      ],
    );
    const lines = table.split('\n');
    // "机密" is 4 cells wide, "secret" 6: HOST starts at cell 8 on every line.
    expect(lines[1]).toBe('机密    ws-01');
    expect(lines[2]).toBe('secret  ws-02');
    expect(lines[0]).toBe('LEVEL   HOST');
  });

  it('cuts long values and escapes control characters', () => {
    const table = renderTable(
      [{ header: 'X', value: (row: string) => row, maxWidth: 12 }],
      ['a\u001b[2Jbcdefghijk'],
    );
    expect(table.split('\n')[1]).toBe('a<U+001B>[2~');
  });

  it('shows bidi and zero-width characters, and lines up the columns after them', () => {
    const table = renderTable(
      [
        { header: 'HOST', value: (row: { host: string; level: string }) => row.host },
        { header: 'LEVEL', value: (row) => row.level },
      ],
      [
        { host: 'ws-01\u202egpj.exe', level: '机密' },
        { host: 'ws\u200b-02', level: '秘密' },
      ],
    );
    expect(table.split('\n')).toEqual([
      'HOST                  LEVEL',
      'ws-01<U+202E>gpj.exe  机密',
      'ws<U+200B>-02         秘密',
    ]);
  });

  interface Finding {
    device: string;
    status: string;
    rule: string;
    reason: string;
    observed: string;
  }
  const findingColumns = [
    { header: 'DEVICE', value: (row: Finding) => row.device },
    {
      header: 'STATUS',
      value: (row: Finding) => row.status,
      tone: (row: Finding) => (row.status === 'fail' ? 'red' : undefined),
    } as const,
    { header: 'RULE', value: (row: Finding) => row.rule, priority: 1, minWidth: 12 },
    { header: 'REASON', value: (row: Finding) => row.reason, wrap: true },
    { header: 'OBSERVED', value: (row: Finding) => row.observed, priority: 2 },
  ];
  const findings: Finding[] = [
    {
      device: '财务-01',
      status: 'fail',
      rule: 'wifi-radio-absent',
      reason: 'a Wi-Fi radio is present: wlan0 (Intel AX200)',
      observed: '2026-12-07 09:00',
    },
    { device: 'ws-02', status: 'pass', rule: 'antivirus-running', reason: '', observed: '2026-12-07 09:01' },
  ];

  it('prints every column on one line when the width allows', () => {
    expect(renderTable(findingColumns, findings, { width: 200 }).split('\n')).toEqual([
      'DEVICE   STATUS  RULE               REASON                                         OBSERVED',
      '财务-01  fail    wifi-radio-absent  a Wi-Fi radio is present: wlan0 (Intel AX200)  2026-12-07 09:00',
      'ws-02    pass    antivirus-running                                                 2026-12-07 09:01',
    ]);
  });

  it('moves the reason onto its own wrapped line first, then keeps what fits', () => {
    // Without REASON the row is 7+2+6+2+17+2+16 = 52 cells: fits 60.
    expect(renderTable(findingColumns, findings, { width: 60 }).split('\n')).toEqual([
      'DEVICE   STATUS  RULE               OBSERVED',
      '财务-01  fail    wifi-radio-absent  2026-12-07 09:00',
      '    a Wi-Fi radio is present: wlan0 (Intel AX200)',
      'ws-02    pass    antivirus-running  2026-12-07 09:01',
    ]);
  });

  it('cuts the less important columns towards their minimum when all of them fit at it', () => {
    // 52 cells at 40: OBSERVED (priority 2) from 16 to its header's 8, then RULE from 17 to 13.
    expect(renderTable(findingColumns, findings, { width: 40 }).split('\n')).toEqual([
      'DEVICE   STATUS  RULE           OBSERVED',
      '财务-01  fail    wifi-radio-a~  2026-12~',
      '    a Wi-Fi radio is present: wlan0',
      '    (Intel AX200)',
      'ws-02    pass    antivirus-ru~  2026-12~',
    ]);
  });

  it('drops the least important columns when cutting is not enough, never the priority-0 ones', () => {
    expect(renderTable(findingColumns, findings, { width: 24 }).split('\n')).toEqual([
      'DEVICE   STATUS',
      '财务-01  fail',
      '    a Wi-Fi radio is',
      '    present: wlan0',
      '    (Intel AX200)',
      'ws-02    pass',
    ]);
  });

  it('wraps Chinese text by display width', () => {
    expect(wrapText('设备上有无线网卡 wlan0', 10)).toEqual(['设备上有无', '线网卡', 'wlan0']);
  });

  it('colours a toned cell without counting the colour codes as width', () => {
    const lines = renderTable(findingColumns.slice(0, 3), findings, { colour: true }).split('\n');
    expect(lines[1]).toBe('财务-01  \u001b[31mfail\u001b[0m    wifi-radio-absent');
    expect(lines[2]).toBe('ws-02    pass    antivirus-running');
  });
});
