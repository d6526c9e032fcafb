// The inspection record says every reason in its own language: a finding's reason code rendered from the
// catalogue (Chinese in the zh record, English in the en record); a finding without a code, or with one this
// build does not know, by the English text it carries. Through the wire and back, as shoumictl renders it.
import { describe, expect, it } from 'vitest';
import type { InspectionReport__Output } from '../../proto/generated/shoumi/v1/InspectionReport';
import type { StoredFinding } from '../store/store';
import { buildInspectionRecord } from './build-inspection-record';
import { FIXTURE_POLICY, GENERATED_MS, material, STARTED_MS, SWEEP_ID } from './inspection-fixture';
import { inspectionRecordFromWire, inspectionRecordToWire } from './inspection-record-wire';
import type { Language } from './record-text';
import { renderInspectionCsv } from './render-csv';
import { renderInspectionHtml } from './render-html';

const LOST_EN =
  'The outbox record holding this sequence number was corrupt on disk and could not be read; the finding it held is lost.';
const LOST_ZH = '发件箱中保存该序号的记录在磁盘上已损坏、无法读取；其中的检查结果已丢失。';
const FUTURE_EN = 'a reason from an agent newer than this collector';

const problem = (seq: number, subject: string, reason: string, code: string): StoredFinding => ({
  deviceId: 'dev-a',
  hostname: 'ws-301',
  receivedAtMs: STARTED_MS + 120_050,
  seq,
  ruleId: 'agent-outbox-record-lost',
  clause: '3.7.5',
  subject,
  status: 'error',
  severity: 'high',
  evidence: {},
  reason,
  reasonCode: code,
  reasonParams: {},
  observedAtMs: STARTED_MS + 120_000,
  sweepId: SWEEP_ID,
  origin: 'agent',
});
const lost = problem(8, 'seq:8', LOST_EN, 'outbox.record-lost');
const future = problem(10, 'seq:10', FUTURE_EN, 'agent.from-the-future');

const built = buildInspectionRecord(
  {
    ...material,
    keys: [...material.keys, { latest: lost, lastProblem: lost }, { latest: future, lastProblem: future }],
  },
  { policy: FIXTURE_POLICY, inspector: '王五', generatedAtMs: GENERATED_MS, inspectedUnit: '某某研究所' },
);
// What shoumictl renders: the record as the collector sent it, read back.
const record = inspectionRecordFromWire(inspectionRecordToWire(built) as unknown as InspectionReport__Output);

const render = (format: 'html' | 'csv', lang: Language) => {
  const options = { lang, timeZone: 'Asia/Shanghai' };
  return format === 'html' ? renderInspectionHtml(record, options) : renderInspectionCsv(record, options);
};

describe('the inspection record says reasons in its language', () => {
  it('keeps the code and its parameters through the wire', () => {
    expect(record.problems.find((p) => p.subject === 'seq:8')).toMatchObject({
      reason: LOST_EN,
      reasonCode: 'outbox.record-lost',
      reasonParams: {},
    });
  });

  it.each(['html', 'csv'] as const)(
    'the zh %s record gives a coded reason in Chinese, not English',
    (format) => {
      const text = render(format, 'zh');
      expect(text).toContain(LOST_ZH);
      expect(text).not.toContain(LOST_EN);
      // Unknown to this build, and a finding stored before codes: the English it carries.
      expect(text).toContain(FUTURE_EN);
      expect(text).toContain('USB storage not registered in the ledger');
    },
  );

  it.each(['html', 'csv'] as const)('the en %s record gives it in English', (format) => {
    const text = render(format, 'en');
    expect(text).toContain(LOST_EN);
    expect(text).not.toContain(LOST_ZH);
    expect(text).toContain(FUTURE_EN);
  });
});
