// The device id: stable across restarts, reinstalls of the OS image aside.
//
// Derived once from machine-id and the DMI product uuid (both survive reboots; together they tell apart
// cloned images, which share a machine-id, from one machine), then kept in the agent's data directory so
// that later changes to either — a motherboard swap, a regenerated machine-id — do not make the machine a
// stranger to its own findings. The collector sees the hardware facts in every hello and can flag a change.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEVICE_ID_PATTERN, type HardwareIdentity } from '../../policies/model';

const DEVICE_ID_FILE = 'device-id';

export function deriveDeviceId(hardware: HardwareIdentity): string | null {
  const material = [hardware.machineId, hardware.dmiProductUuid].filter(Boolean);
  if (material.length === 0) return null;
  return `dev-${createHash('sha256').update(material.join('\n')).digest('hex').slice(0, 24)}`;
}

/** Reads the kept id, or derives and keeps one. `override` (tests, load generators) wins and is not kept. */
export async function resolveDeviceId(
  dataDir: string,
  hardware: HardwareIdentity,
  override?: string,
): Promise<string> {
  if (override) {
    if (!DEVICE_ID_PATTERN.test(override))
      throw new Error(`--device-id "${override}": expected [A-Za-z0-9._:-], 1..128`);
    return override;
  }
  const file = path.join(dataDir, DEVICE_ID_FILE);
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (DEVICE_ID_PATTERN.test(kept)) return kept;
  const derived = deriveDeviceId(hardware);
  if (!derived) {
    throw new Error(
      'cannot derive a device id: neither /etc/machine-id nor the DMI product uuid is readable',
    );
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(`${file}.tmp`, `${derived}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return derived;
}
