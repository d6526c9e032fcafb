// A ledger device's standing over time, as an inspection record needs it (InspectionMaterial.ledger), from
// what every backend reads the same way: the device, its first ledger change, and its status changes
// (ledger_history rows of field "status", values as JSON text, oldest first).
import { DEVICE_STATUSES, type DeviceRecord, type DeviceStatus, type LedgerPresence } from './store';

export interface StatusChangeRow {
  device_id: string;
  at_ms: number;
  old_value: string | null;
  new_value: string | null;
}

const ledgerStatusOf = (json: string | null): DeviceStatus | null => {
  const value = json === null ? null : (JSON.parse(json) as unknown);
  return DEVICE_STATUSES.find((status) => status === value) ?? null;
};

export function ledgerPresence(
  devices: readonly DeviceRecord[],
  firstChangeAtMs: ReadonlyMap<string, number>,
  statusChanges: readonly StatusChangeRow[],
): LedgerPresence[] {
  const wanted = new Set(devices.map((device) => device.deviceId));
  const changes = new Map<string, LedgerPresence['statusChanges']>();
  for (const row of statusChanges) {
    if (!wanted.has(row.device_id)) continue;
    const to = ledgerStatusOf(row.new_value);
    if (to === null) continue;
    const list = changes.get(row.device_id) ?? [];
    list.push({ atMs: row.at_ms, from: ledgerStatusOf(row.old_value), to });
    changes.set(row.device_id, list);
  }
  return devices.map((device) => {
    const traces = [device.firstSeenMs, firstChangeAtMs.get(device.deviceId) ?? 0].filter((ms) => ms > 0);
    return {
      deviceId: device.deviceId,
      enteredAtMs: traces.length === 0 ? 0 : Math.min(...traces),
      statusChanges: changes.get(device.deviceId) ?? [],
    };
  });
}
