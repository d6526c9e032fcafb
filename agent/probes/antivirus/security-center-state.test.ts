// productState decoded by hand: each value written in hex with its bytes read off below it, the expected
// record from Chromium's PRODUCT_STATE layout (see security-center-state.ts), not from the decoder.

import { describe, expect, it } from 'vitest';
import { decodeProductState } from './security-center-state';

describe('Security Center productState', () => {
  it.each([
    // value, hex, provider, state, real-time, out of date
    [397568, '0x061100 Defender on, current', 0x06, 'on', true, false],
    [393472, '0x060100 Defender off (passive)', 0x06, 'off', false, false],
    [266240, '0x041000 Huorong on, current', 0x04, 'on', true, false],
    [0x062100, '0x062100 snoozed', 0x06, 'snoozed', false, false],
    [0x063100, '0x063100 expired (community decoding)', 0x06, 'expired', false, false],
    [0x061110, '0x061110 on, signatures out of date', 0x06, 'on', true, true],
    [0x060110, '0x060110 off and out of date', 0x06, 'off', false, true],
    [0x064100, '0x064100 state nibble 4: unexplained', 0x06, 'unknown', null, false],
    [0x06f100, '0x06F100 state nibble 15: unexplained', 0x06, 'unknown', null, false],
    [0x061120, '0x061120 definition nibble 2: unexplained', 0x06, 'on', true, null],
    [0x061130, '0x061130 definition nibble 3 (bit 0x10 set, but not 1)', 0x06, 'on', true, null],
    [0x06110f, '0x06110F low nibble set: not part of either field', 0x06, 'on', true, false],
    [0xffffff, '0xFFFFFF every bit: unexplained state and definitions', 0xff, 'unknown', null, null],
    [0, '0x000000', 0x00, 'off', false, false],
  ] as const)('%d = %s', (value, _hex, provider, state, realtimeProtection, signaturesOutOfDate) => {
    expect(decodeProductState(value)).toEqual({
      productState: value,
      provider,
      state,
      realtimeProtection,
      signaturesOutOfDate,
    });
  });

  it.each([
    [null, 'absent'],
    [-1, 'negative'],
    [0x1000000, 'above 0xFFFFFF (a fourth byte)'],
    [397568.5, 'not an integer'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinite'],
  ])('%s (%s) is not a productState', (value, _why) => {
    expect(decodeProductState(value)).toBeNull();
  });
});
