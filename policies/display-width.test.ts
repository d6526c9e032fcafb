import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from './display-width';

const BLOCKS: Array<[number, number]> = [
  [0x20, 0x7e],
  [0x3000, 0x3029],
  [0x3041, 0x3096],
  [0x30a0, 0x30ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
  [0xff01, 0xff60],
  [0xffe0, 0xffe6],
];

describe('displayWidth', () => {
  it('counts every character of the plain blocks as string-width does', () => {
    const wrong: string[] = [];
    for (const [first, last] of BLOCKS)
      for (let code = first; code <= last; code++) {
        const text = String.fromCodePoint(code);
        if (displayWidth(text) !== stringWidth(text)) wrong.push(code.toString(16));
      }
    expect(wrong).toEqual([]);
  });

  it('agrees with string-width on mixed, joined and other text', () => {
    for (const text of [
      '',
      'ws-01',
      '设备 0   合规 0   不合规 0',
      'shoumictl：没有符合条件的设备（shoumictl status）',
      '財務部 ｜ 한국어 ｶﾞ ｶﾞ',
      'café e\u0301 👍🏽 👨‍👩‍👧 ☀️ ☀ ─ — … ·',
      '\u302a\u4e00\u302a\u3099\u304b\u3099',
      '\u001b[31mFAIL\u001b[0m',
      '가각 가',
    ])
      expect(displayWidth(text), JSON.stringify(text)).toBe(stringWidth(text));
  });
});
