import { describe, expect, it } from 'vitest';
import { linkAddresses } from './link-addresses';

describe('the addresses the link tries', () => {
  it('the command line first and in its order, then what enrolment advertised and the command line did not name', () => {
    expect(linkAddresses(['b:7700', 'x:7700'], ['a:7700', 'b:7700', 'c:7700'])).toEqual([
      'b:7700',
      'x:7700',
      'a:7700',
      'c:7700',
    ]);
  });

  it('only the command line when nothing was advertised; only the advertised list when none was given', () => {
    expect(linkAddresses(['b:7700'], [])).toEqual(['b:7700']);
    expect(linkAddresses([], ['a:7700', 'c:7700'])).toEqual(['a:7700', 'c:7700']);
    expect(linkAddresses([], [])).toEqual([]);
  });
});
