import { describe, expect, it } from 'vitest';
import { renderTable } from './text-table';

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
    expect(table.split('\n')[1]).toBe('a<U+001B>[2…');
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
});
