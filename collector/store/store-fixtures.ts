// Test data shared by the contract suite, backend tests, benchmarks and the durability child process
// (which runs outside vitest, hence its own file without test imports).
import type { Finding } from '../../policies/model';
import type { DeviceHello, LedgerEntry } from './store';

export function helloFor(deviceId: string): DeviceHello {
  return {
    deviceId,
    hardware: {
      hostname: `host-${deviceId}`,
      machineId: `machine-${deviceId}`,
      dmiProductUuid: `uuid-${deviceId}`,
      dmiBoardSerial: `board-${deviceId}`,
      macAddresses: ['02:00:00:00:00:01'],
      disks: [
        { name: 'sda', model: 'ST1000DM010', serial: `disk-${deviceId}`, sizeBytes: 1_000_204_886_016 },
      ],
      osName: 'UOS',
      osVersion: '20',
      kernel: '5.10.0',
      arch: 'x64',
    },
    agentVersion: '0.1.0',
    policyVersion: '2026.11',
  };
}

export function findingOf(seq: number, overrides: Partial<Finding> = {}): Finding {
  return {
    seq,
    ruleId: 'usb.unregistered-storage',
    clause: '3.7.5',
    subject: 'usb:0781:5581:ABC',
    status: 'fail',
    severity: 'high',
    evidence: { vendorId: '0781', seq },
    reason: 'unregistered storage device',
    observedAtMs: 1_700_000_000_000 + seq,
    sweepId: '',
    ...overrides,
  };
}

/** A complete ledger entry for `deviceId`, every field set, as an import or an update would bring it. */
export function ledgerEntryFor(deviceId: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    deviceId,
    assetNumber: `ZC-${deviceId}`,
    classification: 'confidential',
    responsiblePerson: '张三',
    department: '保密办',
    location: '201',
    status: 'in_service',
    allowedNetworks: ['10.1.0.0/16'],
    ...overrides,
  };
}
