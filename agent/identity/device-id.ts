// The device id: stable across restarts, reinstalls of the OS image aside.
//
// Derived once from machine-id and the DMI product uuid (both survive reboots; together they tell apart
// cloned images, which share a machine-id, from one machine), then kept in the agent's data directory so
// that later changes to either — a motherboard swap, a regenerated machine-id — do not make the machine a
// stranger to its own findings. The collector sees the hardware facts in every hello and can flag a change.
//
// When neither exists (a container, a minimal image without systemd, a board whose firmware leaves the
// DMI uuid out), the agent generates one: "gen-" and 24 random hex digits, kept the same way. It must start
// all the same — a service that refuses to start loops under Restart=always and reports nothing — but the
// id lives only in DATA/device-id: a reinstall that loses that directory makes a new device. The "gen-"
// prefix says so wherever the id is shown, and lets the source be told from the id alone later.
//
// Where an id came from (HardwareIdentity.deviceIdSource, sent in every hello) is told each start from
// what can be seen then, never from a note kept beside the id (an id kept by an older agent has none):
//   "generated"        the id has the generated form;
//   "machine-id"       today's machine-id (with the DMI uuid, where there is one) derives this very id;
//   "dmi-product-uuid" today's DMI uuid alone (no machine-id) derives it;
//   ""                 none of these: the id came from an enrolment token bound to a device or from
//                      --device-id, or was derived from a machine-id or DMI uuid that has changed since.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEVICE_ID_PATTERN, type HardwareIdentity } from '../../policies/model';
import type { AgentLog } from '../agent-log';

export const DEVICE_ID_FILE = 'device-id';

export type DeviceIdSource = 'machine-id' | 'dmi-product-uuid' | 'generated';

const GENERATED_ID = /^gen-[0-9a-f]{24}$/;

export function deriveDeviceId(hardware: HardwareIdentity): string | null {
  const material = [hardware.machineId, hardware.dmiProductUuid].filter(Boolean);
  if (material.length === 0) return null;
  return `dev-${createHash('sha256').update(material.join('\n')).digest('hex').slice(0, 24)}`;
}

/** A new random id, for a machine with neither machine-id nor DMI uuid. */
export function generateDeviceId(): string {
  return `gen-${randomBytes(12).toString('hex')}`;
}

/** Where `deviceId` came from, as far as today's hardware facts tell (see the header); "" when they do not. */
export function deviceIdSource(deviceId: string, hardware: HardwareIdentity): DeviceIdSource | '' {
  if (GENERATED_ID.test(deviceId)) return 'generated';
  if (deviceId !== deriveDeviceId(hardware)) return '';
  return hardware.machineId ? 'machine-id' : 'dmi-product-uuid';
}

/**
 * Reads the kept id, or derives (else generates) one and keeps it. `override` (tests, load generators)
 * wins and is not kept.
 */
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
  const made = deriveDeviceId(hardware) ?? generateDeviceId();
  await mkdir(dataDir, { recursive: true });
  // Atomic: a crash leaves the old file or the new one, never half an id.
  await writeFile(`${file}.tmp`, `${made}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return made;
}

/** The source for the hello, with a warning in the start-up log when the id was generated. */
export function describeDeviceIdSource(
  deviceId: string,
  hardware: HardwareIdentity,
  dataDir: string,
  log: AgentLog,
): DeviceIdSource | '' {
  const source = deviceIdSource(deviceId, hardware);
  if (source === 'generated') {
    log.warn(
      'device id was generated: this machine has neither /etc/machine-id nor a DMI product uuid; ' +
        'the id is kept only in the data directory, and a reinstall that loses it enrols a new device',
      { deviceId, keptIn: path.join(dataDir, DEVICE_ID_FILE) },
    );
  }
  return source;
}
