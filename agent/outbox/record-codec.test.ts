import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { UnsequencedFinding } from '../../policies/model';
import { decodeRecordAt, encodeRecord, RECORD_HEADER_BYTES, serializeUnsequenced } from './record-codec';

/** Frames a payload the way every version of the outbox has: [u32 length][u32 crc32][payload], big-endian. */
function framed(payloadText: string): Buffer {
  const payload = Buffer.from(payloadText, 'utf8');
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

const removal: UnsequencedFinding = {
  ruleId: 'usb-storage-registered',
  clause: '3.7.4',
  subject: '0951:1666:60A4',
  status: 'pass',
  severity: 'high',
  evidence: { present: false, checkedAtMs: 1_780_000_000_500 },
  reason: 'no longer present',
  observedAtMs: 1_780_000_000_500,
  sweepId: '',
  gone: true,
};

describe('outbox record codec', () => {
  it('reads a record written before `gone` existed as a finding without it', () => {
    // The payload exactly as the codec before `gone` wrote it: seq first, then the nine fields in order.
    const old = framed(
      '{"seq":41,"ruleId":"usb-storage-registered","clause":"3.7.4","subject":"0951:1666:60A4","status":"pass",' +
        '"severity":"high","evidence":{"present":false,"checkedAtMs":1780000000500},"reason":"no longer present",' +
        '"observedAtMs":1780000000500,"sweepId":""}',
    );
    const decoded = decodeRecordAt(old, 0);
    expect(decoded).toMatchObject({ ok: true, byteLength: old.length });
    if (!decoded.ok) return;
    expect(decoded.finding.seq).toBe(41);
    expect(decoded.finding.reason).toBe('no longer present');
    expect('gone' in decoded.finding).toBe(false);
  });

  it('keeps `gone` through encode and decode, and writes nothing for a finding without it', () => {
    const { bytes, finding } = encodeRecord(7, serializeUnsequenced(removal));
    expect(finding).toEqual({ ...removal, seq: 7 });
    expect(decodeRecordAt(bytes, 0)).toMatchObject({ ok: true, finding: { seq: 7, gone: true } });

    const { gone: _gone, ...present } = removal;
    const plain = encodeRecord(8, serializeUnsequenced({ ...present, status: 'fail' }));
    expect(plain.bytes.toString('utf8')).not.toContain('gone');
    // `gone: false` is the same as no `gone`: nothing is written.
    expect(serializeUnsequenced({ ...present, gone: false })).toBe(serializeUnsequenced(present));
  });

  it('refuses a record whose `gone` is not a boolean', () => {
    const payload = serializeUnsequenced(removal).replace('"gone":true', '"gone":"yes"');
    expect(decodeRecordAt(framed(`{"seq":3,${payload.slice(1)}`), 0)).toEqual({
      ok: false,
      problem: 'bad_json',
    });
  });

  it('keeps a reason code and its parameters on disk, and refuses parameters that are not text', () => {
    const coded = { ...removal, reasonCode: 'agent.subject-gone', reasonParams: { serial: '60A4' } };
    const { bytes, finding } = encodeRecord(7, serializeUnsequenced(coded));
    expect(finding).toEqual({ seq: 7, ...coded });
    const decoded = decodeRecordAt(bytes, 0);
    expect(decoded.ok && decoded.finding).toEqual({ seq: 7, ...coded });
    // Without a code, the record is byte for byte what it was before codes existed: no key for either.
    expect(serializeUnsequenced(removal)).not.toContain('reason_code');
    expect(serializeUnsequenced(removal)).not.toContain('reasonCode');
    const numeric = framed(
      '{"seq":8,"ruleId":"r","clause":"3.7.4","subject":"","status":"pass","severity":"high","evidence":{},' +
        '"reason":"x","observedAtMs":1,"sweepId":"","reasonCode":"c","reasonParams":{"n":3}}',
    );
    expect(decodeRecordAt(numeric, 0)).toEqual({ ok: false, problem: 'bad_json' });
  });
});
