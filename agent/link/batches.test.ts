// Cutting the outbox into batches (batches.ts): by count and by bytes, measured against the real protobuf
// encoding; records that could never be stored are refused with the reason the collector gives.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../policies/model';
import { findingFromWire, findingToWire } from '../../proto/convert';
import { FINDING_LIMITS } from '../../proto/finding-limits';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { Finding__Output } from '../../proto/generated/shoumi/v1/Finding';
import { loadContract } from '../../proto/load';
import { encodedBytesAtMost, nextBatch, unsendableReason } from './batches';

const finding = (seq: number, overrides: Partial<Finding> = {}): Finding => ({
  seq,
  ruleId: 'connection-peers-allowed',
  clause: '3.7.4',
  subject: `tcp 203.0.113.${seq % 250}:443`,
  status: 'fail',
  severity: 'critical',
  evidence: { sockets: [{ local: '10.99.0.5:41000', remote: '203.0.113.9:443' }] },
  reason: 'a live connection to 203.0.113.9:443, outside the allowed networks',
  observedAtMs: 1_767_225_600_000,
  sweepId: '',
  ...overrides,
});

/** Bytes of a FindingBatch message as grpc-js puts it on the wire (the AgentMessage around it included). */
function encodedBatchBytes(findings: Finding[]): number {
  const serialize = loadContract().shoumi.v1.AgentService.service.Connect.requestSerialize as (
    message: AgentMessage,
  ) => Buffer;
  return serialize({ findings: { findings: findings.map(findingToWire) } }).length;
}

describe('batches', () => {
  it('bounds each finding’s encoded size from above, for small, large, and multi-byte findings', () => {
    const samples = [
      finding(1),
      finding(2 ** 40, { observedAtMs: 8.64e15, sweepId: 'sweep-'.repeat(20) }),
      finding(3, { subject: '无线网卡 '.repeat(100), reason: '超出允许的网络'.repeat(200) }),
      finding(4, { evidence: { blob: 'x'.repeat(60_000) } }),
    ];
    let total = 0;
    for (const sample of samples) {
      const bound = encodedBytesAtMost(findingToWire(sample));
      expect(bound).toBeGreaterThanOrEqual(encodedBatchBytes([sample]));
      // Close to it, not a blanket: within the overhead allowance.
      expect(bound - encodedBatchBytes([sample])).toBeLessThan(80);
      total += bound;
    }
    expect(total).toBeGreaterThanOrEqual(encodedBatchBytes(samples));
  });

  it('cuts by bytes: each batch’s real encoding fits, and nothing is left out or sent twice', () => {
    const records = Array.from({ length: 40 }, (_, index) =>
      finding(index + 1, { evidence: { blob: 'x'.repeat(1000 + index * 37) } }),
    );
    const maxBytes = 8 * 1024;
    const sent: number[] = [];
    let after = 0;
    for (;;) {
      const batch = nextBatch(
        records.filter((record) => record.seq > after),
        maxBytes,
      );
      if (batch === null) break;
      expect(batch.refused).toEqual([]);
      expect(batch.wire.length).toBeGreaterThan(0);
      const batchFindings = records.filter((record) => batch.wire.some((wire) => wire.seq === record.seq));
      expect(encodedBatchBytes(batchFindings)).toBeLessThanOrEqual(maxBytes);
      sent.push(...batch.wire.map((wire) => Number(wire.seq)));
      after = batch.lastSeq;
    }
    expect(sent).toEqual(records.map((record) => record.seq));
  });

  it('takes at most what it is given (the count is the caller’s BATCH)', () => {
    const batch = nextBatch([finding(1), finding(2), finding(3)]);
    expect(batch?.wire.map((wire) => wire.seq)).toEqual([1, 2, 3]);
    expect(batch?.lastSeq).toBe(3);
    expect(nextBatch([])).toBeNull();
  });

  it('refuses, with the collector’s own words, a record an older agent wrote over the limits, and sends the rest', () => {
    const over = finding(2, {
      evidence: { sockets: 'x'.repeat(FINDING_LIMITS.evidenceJsonBytes) },
    });
    const batch = nextBatch([finding(1), over, finding(3)])!;
    expect(batch.wire.map((wire) => wire.seq)).toEqual([1, 3]);
    expect(batch.lastSeq).toBe(3);
    expect(batch.refused).toEqual([
      {
        outcome: 'refused',
        record: over,
        refusedBy: 'agent',
        reason: `evidence_json: expected at most ${FINDING_LIMITS.evidenceJsonBytes} bytes`,
      },
    ]);
    // The collector says the same of it.
    const received = { ...findingToWire(over), gone: false } as Finding__Output;
    const collector = findingFromWire(received, 'findings[0]');
    expect(collector.ok ? '' : collector.problem).toBe(`findings[0].${batch.refused[0]!.reason}`);
  });

  it('refuses a record alone over the batch bytes, and one whose subject is over the limit', () => {
    expect(
      unsendableReason(findingToWire(finding(1, { evidence: { blob: 'x'.repeat(5000) } })), 4096),
    ).toMatch(/^finding: \d+ bytes encoded, over the 4096-byte batch limit$/);
    expect(unsendableReason(findingToWire(finding(1, { subject: 's'.repeat(1025) })))).toBe(
      'subject: expected at most 1024 characters',
    );
    expect(unsendableReason(findingToWire(finding(1)))).toBeNull();
    // A batch of nothing but refused records still moves on past them.
    const batch = nextBatch([finding(5, { ruleId: '' })])!;
    expect(batch).toMatchObject({ wire: [], lastSeq: 5 });
    expect(batch.refused[0]?.reason).toBe('rule_id: expected 1..128 characters');
  });
});
