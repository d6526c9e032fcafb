import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenFromOptions } from './token-option';

const dir = mkdtempSync(path.join(os.tmpdir(), 'token-option-'));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text, { mode: 0o600 });
  return at;
};

describe('tokenFromOptions', () => {
  it('takes --token as given, and nothing when neither option is given', () => {
    expect(tokenFromOptions({ token: 'abc' })).toBe('abc');
    expect(tokenFromOptions({})).toBeUndefined();
  });

  it('reads --token-file, trimming the newline an editor or echo leaves', () => {
    expect(tokenFromOptions({ tokenFile: file('ok', 'T0KEN-123\n') })).toBe('T0KEN-123');
  });

  it('refuses both options, a missing, an empty and a many-word file, naming the file', () => {
    expect(() => tokenFromOptions({ token: 'a', tokenFile: file('both', 'b') })).toThrow(/not both/);
    const missing = path.join(dir, 'absent');
    expect(() => tokenFromOptions({ tokenFile: missing })).toThrow(
      `cannot read the token file ${missing}: ENOENT`,
    );
    const empty = file('empty', ' \n');
    expect(() => tokenFromOptions({ tokenFile: empty })).toThrow(`the token file ${empty} is empty`);
    expect(() => tokenFromOptions({ tokenFile: file('two', 'a b\n') })).toThrow(/more than one word/);
  });
});
