// The deliveries channel's format: what is sent is read back whole, and anything else is refused with the
// reason (a stray or forged NOTIFY on the channel is never half-used).
import { describe, expect, it } from 'vitest';
import { decodeDelivery, encodeDelivery } from './delivery-message';

describe('delivery message', () => {
  it('reads back what was sent, each kind', () => {
    for (const delivery of [
      { kind: 'sweeps' as const },
      { kind: 'policy' as const },
      { kind: 'cut' as const, code: 7, message: 'certificate revoked' },
    ]) {
      const payload = encodeDelivery({ to: 'collector-b', deviceId: 'd-1', delivery });
      expect(decodeDelivery(payload)).toEqual({
        ok: true,
        message: { to: 'collector-b', deviceId: 'd-1', delivery },
      });
    }
  });

  it('is the JSON written in the channel description: {to, deviceId, delivery}', () => {
    expect(decodeDelivery('{"to":"b","deviceId":"d-9","delivery":{"kind":"policy"}}')).toEqual({
      ok: true,
      message: { to: 'b', deviceId: 'd-9', delivery: { kind: 'policy' } },
    });
  });

  it.each([
    ['not json', 'the delivery is not JSON'],
    ['42', 'the delivery is not an object'],
    ['{"deviceId":"d","delivery":{"kind":"policy"}}', 'the delivery has no recipient (to)'],
    ['{"to":"b","deviceId":"","delivery":{"kind":"policy"}}', 'the delivery has no deviceId'],
    [
      '{"to":"b","deviceId":"d","delivery":{"kind":"reboot"}}',
      'the delivery is not sweeps, policy or a cut with a code and message',
    ],
    [
      '{"to":"b","deviceId":"d","delivery":{"kind":"cut","code":"7","message":"x"}}',
      'the delivery is not sweeps, policy or a cut with a code and message',
    ],
    [
      '{"to":"b","deviceId":"d","delivery":{"kind":"cut","code":7}}',
      'the delivery is not sweeps, policy or a cut with a code and message',
    ],
  ])('refuses %s', (payload, problem) => {
    expect(decodeDelivery(payload)).toEqual({ ok: false, problem });
  });

  it('refuses to encode what one notification cannot carry (8000 bytes)', () => {
    const delivery = { kind: 'cut' as const, code: 7, message: 'x'.repeat(8000) };
    expect(() => encodeDelivery({ to: 'b', deviceId: 'd-1', delivery })).toThrow(
      /more than a notification carries/,
    );
  });
});
