import { describe, expect, it } from 'vitest';
import { readMediaQuery } from './media';

const at = (query: string) => readMediaQuery(new URL(`https://console.test/media${query}`));

describe('the media page query', () => {
  it('reads the filters and the medium in view from the URL', () => {
    expect(at('?status=lost&department=%E4%BF%9D%E5%AF%86%E5%8A%9E&key=46F4%3A0001%3AA%3AB')).toEqual({
      status: 'lost',
      department: '保密办',
      key: { vendorId: '46f4', productId: '0001', serial: 'A:B' },
      keyText: '46F4:0001:A:B',
    });
    expect(at('')).toEqual({ status: '', department: '', key: null, keyText: '' });
  });

  it('names a key that is not VENDOR:PRODUCT:SERIAL as the problem', () => {
    const query = at('?key=zz%3A1%3AS');
    expect(query.key).toBeNull();
    expect(query.problem?.en).toContain('is not VENDOR:PRODUCT:SERIAL');
  });
});
