// What an agent's hello means for the record, decided apart from where it is kept: given the device's row
// before the hello (or none), the audit records and history rows every backend must write with it.
// - A device never seen before (no row, or a ledger entry made before enrolment: first_seen 0) is audited
//   once as device.first_seen.
// - A hardware fact that changed since the last hello (a new disk serial, a swapped NIC, an OS upgrade) is
//   history: one device.hardware_changed record, one history row per fact. The first report fills, not changes.
import type { FieldChange } from './ledger-changes';
import { hardwareChanges } from './ledger-changes';
import type { AuditRecordInput, DeviceHello, HardwareIdentity } from './store';

export interface HelloConsequences {
  /** Written first, with `history` pointing at it; undefined when no fact changed. */
  hardwareChanged?: { audit: AuditRecordInput; history: FieldChange[] };
  /** Written after; undefined for a device seen before. */
  firstSeen?: AuditRecordInput;
}

export function helloConsequences(
  before: { hardware: string | null; first_seen_ms: number } | undefined,
  hello: DeviceHello,
): HelloConsequences {
  const changes =
    before?.hardware == null
      ? []
      : hardwareChanges(JSON.parse(before.hardware) as HardwareIdentity, hello.hardware);
  const consequences: HelloConsequences = {};
  if (changes.length > 0) {
    consequences.hardwareChanged = {
      audit: {
        actor: hello.deviceId,
        source: 'agent',
        action: 'device.hardware_changed',
        target: hello.deviceId,
        detail: { changes },
        outcome: 'allowed',
      },
      history: changes,
    };
  }
  if (before === undefined || before.first_seen_ms === 0) {
    consequences.firstSeen = {
      actor: hello.deviceId,
      source: 'agent',
      action: 'device.first_seen',
      target: hello.deviceId,
      detail: {
        hostname: hello.hardware.hostname,
        machineId: hello.hardware.machineId,
        dmiProductUuid: hello.hardware.dmiProductUuid,
        agentVersion: hello.agentVersion,
        ledgerEntryExisted: before !== undefined,
      },
      outcome: 'allowed',
    };
  }
  return consequences;
}
