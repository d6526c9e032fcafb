// The one format of a stream delivery on the deliveries channel: {to, deviceId, delivery} as JSON, `to`
// being the collector that holds the device's stream. Every collector hears every delivery and keeps only
// those addressed to itself. Decoding checks the shape whole: a payload that is not one of ours is refused
// with the reason, never half-used.

import type { StreamDelivery } from './coordination';
import { MAX_NOTIFY_PAYLOAD_BYTES } from './coordination-channels';

export interface AddressedDelivery {
  to: string;
  deviceId: string;
  delivery: StreamDelivery;
}

export type DecodedDelivery = { ok: true; message: AddressedDelivery } | { ok: false; problem: string };

/** JSON for pg_notify; throws when it would not fit in one notification (a bug: ids and messages are short). */
export function encodeDelivery(message: AddressedDelivery): string {
  const text = JSON.stringify(message);
  if (Buffer.byteLength(text) > MAX_NOTIFY_PAYLOAD_BYTES)
    throw new Error(
      `the delivery for device "${message.deviceId.slice(0, 80)}" is ${Buffer.byteLength(text)} bytes, ` +
        `more than a notification carries (${MAX_NOTIFY_PAYLOAD_BYTES})`,
    );
  return text;
}

export function decodeDelivery(payload: string): DecodedDelivery {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, problem: 'the delivery is not JSON' };
  }
  if (typeof value !== 'object' || value === null)
    return { ok: false, problem: 'the delivery is not an object' };
  const { to, deviceId, delivery } = value as Record<string, unknown>;
  if (typeof to !== 'string' || to === '')
    return { ok: false, problem: 'the delivery has no recipient (to)' };
  if (typeof deviceId !== 'string' || deviceId === '')
    return { ok: false, problem: 'the delivery has no deviceId' };
  const checked = checkedStreamDelivery(delivery);
  if (!checked)
    return { ok: false, problem: 'the delivery is not sweeps, policy or a cut with a code and message' };
  return { ok: true, message: { to, deviceId, delivery: checked } };
}

function checkedStreamDelivery(value: unknown): StreamDelivery | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, code, message } = value as Record<string, unknown>;
  if (kind === 'sweeps' || kind === 'policy') return { kind };
  if (kind === 'cut' && Number.isInteger(code) && typeof message === 'string')
    return { kind, code: code as number, message };
  return undefined;
}
