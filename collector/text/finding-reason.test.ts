// A stored finding's reason as shoumictl shows it: through ListFindings' real encoding, rendered in the
// reader's language from its code, or its English text when it has no code or an unknown one.
import { describe, expect, it } from 'vitest';
import { findingReasonText } from '../../policies/messages/finding-reason';
import type { ListFindingsResponse__Output } from '../../proto/generated/shoumi/v1/ListFindingsResponse';
import { loadContract } from '../../proto/load';
import { storedFindingToWire } from '../admin/fleet-queries';
import type { StoredFinding } from '../store/store';

const silent: StoredFinding = {
  deviceId: 'dev-a',
  hostname: 'ws-1',
  receivedAtMs: 2,
  seq: -1,
  ruleId: 'agent-reports-regularly',
  clause: '3.7.5',
  subject: '',
  status: 'fail',
  severity: 'high',
  evidence: {},
  reason: 'the agent has not reported for 5400 s (the policy allows 1800 s)',
  reasonCode: 'collector.silence.silent',
  reasonParams: { silentForSeconds: '5400', maxSilenceSeconds: '1800' },
  observedAtMs: 1,
  sweepId: '',
  origin: 'collector',
};

const listFindings = loadContract().shoumi.v1.AdminService.service.ListFindings;
const throughWire = (finding: StoredFinding) => {
  const bytes = listFindings.responseSerialize({ findings: [storedFindingToWire(finding)] });
  return (listFindings.responseDeserialize(bytes) as ListFindingsResponse__Output).findings[0]!;
};

describe('a finding reason for people', () => {
  it('comes across ListFindings with its code and says it in the chosen language', () => {
    const wire = throughWire(silent);
    expect(wire.reasonCode).toBe('collector.silence.silent');
    expect(wire.reasonParams).toEqual({ silentForSeconds: '5400', maxSilenceSeconds: '1800' });
    expect(findingReasonText(wire, 'zh')).toBe('终端代理已 5400 秒未上报（策略允许 1800 秒）');
    expect(findingReasonText(wire, 'en')).toBe(silent.reason);
  });

  it('shows the English reason for a finding without a code, and for a code this build does not know', () => {
    const { reasonCode: _code, reasonParams: _params, ...plain } = silent;
    const old = throughWire({ ...plain, reason: 'stored before codes' });
    expect(old.reasonCode).toBe('');
    expect(findingReasonText(old, 'zh')).toBe('stored before codes');
    const newer = throughWire({ ...silent, reasonCode: 'agent.from-the-future', reason: 'a newer reason' });
    expect(findingReasonText(newer, 'zh')).toBe('a newer reason');
  });
});
