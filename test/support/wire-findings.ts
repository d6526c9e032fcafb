// A finding as an agent puts it on the wire (proto Finding): an unregistered USB stick, one subject per seq,
// for tests that speak the agent protocol themselves.
import type { Finding } from '../../proto/generated/shoumi/v1/Finding';

export function wireStickFinding(seq: number, evidenceJson = '{"ok":true}') {
  return {
    seq,
    ruleId: 'usb-storage-registered',
    clause: '3.7.4',
    subject: `stick-${seq}`,
    status: 'FAIL',
    severity: 'HIGH',
    evidenceJson,
    observedAtMs: Date.now(),
    reason: 'unregistered',
  } as const satisfies Finding;
}
