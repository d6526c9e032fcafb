import { describe, expect, it } from 'vitest';
import { antivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import { definitionOfEntry, expandWindowsPath, isUnder } from './security-center-match';
import type { LayoutReport } from './windows-layout-command';

const HUORONG = antivirusProductDefinition.parse({
  id: 'huorong-esm',
  names: ['火绒安全软件', 'Huorong'],
  source: 'test',
  windows: { install_paths: ['%ProgramFiles%\\Huorong\\Sysdiag', '%ProgramFiles(x86)%\\Huorong\\Sysdiag'] },
});
const LAYOUT: LayoutReport = {
  environment: { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
  paths: new Map([
    ['%ProgramFiles%\\Huorong\\Sysdiag', { expanded: 'C:\\Program Files\\Huorong\\Sysdiag', exists: false }],
    [
      '%ProgramFiles(x86)%\\Huorong\\Sysdiag',
      { expanded: 'C:\\Program Files (x86)\\Huorong\\Sysdiag', exists: false },
    ],
  ]),
  services: new Map(),
  processes: new Set(),
};

const entry = (displayName: string, pathToSignedProductExe: string | null) => ({
  displayName,
  productState: 266240,
  pathToSignedProductExe,
});

describe('matching a Security Center entry to a definition', () => {
  it('by name, ignoring case and surrounding space', () => {
    expect(definitionOfEntry(entry(' HUORONG ', null), [HUORONG], LAYOUT)?.id).toBe('huorong-esm');
  });

  it.each([
    ['C:\\Program Files\\Huorong\\Sysdiag\\bin\\wsctrlsvc.exe'],
    ['c:/program files (x86)/huorong/sysdiag/bin/wsctrlsvc.exe'],
    ['%ProgramFiles%\\Huorong\\Sysdiag\\bin\\wsctrlsvc.exe'],
    ['%programfiles(x86)%\\Huorong\\Sysdiag\\bin\\wsctrlsvc.exe'],
  ])('by a path under its install paths whatever the name: %s', (path) => {
    expect(definitionOfEntry(entry('Huorong Internet Security 6', path), [HUORONG], LAYOUT)?.id).toBe(
      'huorong-esm',
    );
  });

  it.each([
    ['C:\\Program Files\\Huorong\\Sysdiag2\\bin\\wsctrlsvc.exe', 'a sibling folder'],
    ['D:\\Huorong\\Sysdiag\\bin\\wsctrlsvc.exe', 'another drive'],
    ['%SystemRoot%\\Huorong\\Sysdiag\\x.exe', 'a variable not reported'],
    [null, 'no path'],
  ] as [string | null, string][])('not by %s (%s)', (path, _why) => {
    expect(definitionOfEntry(entry('Unknown AV', path), [HUORONG], LAYOUT)).toBeNull();
  });
});

describe('Windows paths', () => {
  it('expands the reported variables only, ignoring their case', () => {
    expect(expandWindowsPath('%PROGRAMFILES%\\A;%Other%\\B', { ProgramFiles: 'C:\\Program Files' })).toBe(
      'C:\\Program Files\\A;%Other%\\B',
    );
  });

  it('a path is under its own folder and below it, not beside it', () => {
    expect(isUnder('C:\\A\\B', 'c:\\a\\b\\')).toBe(true);
    expect(isUnder('C:\\A\\B\\c.exe', 'C:\\A\\B')).toBe(true);
    expect(isUnder('C:\\A\\BC\\c.exe', 'C:\\A\\B')).toBe(false);
    expect(isUnder('C:\\A\\c.exe', '')).toBe(false);
  });
});
