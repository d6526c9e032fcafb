import { describe, expect, it } from 'vitest';
import { nestedJsonList } from './nested-json-list';

describe('a list in a ConvertTo-Json property', () => {
  it.each([
    [[{ a: 1 }, { a: 2 }], [{ a: 1 }, { a: 2 }], 'an array'],
    [{ a: 1 }, [{ a: 1 }], 'one item printed bare'],
    ['MsMpEng', ['MsMpEng'], 'one string printed bare'],
    [null, [], 'none printed as null'],
    [undefined, [], 'absent'],
    [{ value: ['a', 'b'], Count: 2 }, ['a', 'b'], 'the 5.1 wrapper of an array'],
    [
      { value: ['a'], Count: 1, Name: 'x' },
      [{ value: ['a'], Count: 1, Name: 'x' }],
      'an object that only looks like it',
    ],
  ] as [unknown, unknown[], string][])('%j → %j (%s)', (value, list) => {
    expect(nestedJsonList(value)).toEqual(list);
  });
});
