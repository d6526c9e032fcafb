// The hello's facts, checked at the door, under the device id from the certificate (the one in the message is
// never used; when it differs it is only recorded, agent-service.ts).
//
// Every text is checked whole, never cut or cleaned (proto/agent-text-guard.ts): a field longer than its limit,
// or carrying a control, bidi or zero-width character, refuses the hello with INVALID_ARGUMENT naming the
// field ("hello.hardware.hostname: contains U+202E, a bidi control, at character 3"). These are what the
// workstation says it is (hostname, OS, hardware serials); no honest machine sends such characters there, and
// a hostname that reads differently from what it is would mislead every list and record it reaches. The
// stream ends, nothing of the hello is stored, and the device counts as not reporting until its agent is fixed:
// the wrong-looking machine is noticed rather than recorded under a name it chose. Lists (MAC addresses,
// disks) are kept to their first 64 entries, as before: a count is not text anyone reads.
import type { DiskIdentity } from '../policies/model';
import { agentTextProblem } from '../proto/agent-text-guard';
import type { Checked } from '../proto/convert';
import type { Hello__Output } from '../proto/generated/shoumi/v1/Hello';
import type { DeviceHello } from './store/store';

/** Longest text per field, in UTF-16 units: far above what a real machine reports. */
export const HELLO_TEXT_LIMITS = {
  deviceId: 256,
  agentVersion: 64,
  policyVersion: 64,
  hostname: 256,
  machineId: 64,
  dmiProductUuid: 64,
  dmiBoardSerial: 128,
  macAddress: 32,
  osName: 256,
  osVersion: 256,
  kernel: 256,
  arch: 32,
  deviceIdSource: 32,
  diskName: 64,
  diskModel: 128,
  diskSerial: 128,
} as const;

/** Entries kept of each list. */
const MAX_LIST_ENTRIES = 64;

class HelloFieldProblem extends Error {}

function checkedText(value: string | undefined, field: string, maxChars: number): string {
  const text = value ?? '';
  const problem = agentTextProblem(text, { maxChars });
  if (problem !== null) throw new HelloFieldProblem(`hello.${field}: ${problem}`);
  return text;
}

/** The hello as the store takes it, or the first field that refuses it. */
export function helloFromWire(hello: Hello__Output, certifiedDeviceId: string): Checked<DeviceHello> {
  const limits = HELLO_TEXT_LIMITS;
  const hardware = hello.hardware;
  const text = (value: string | undefined, field: string, maxChars: number) =>
    checkedText(value, field, maxChars);
  try {
    // Checked although never used as the id: a claim that differs is written into the audit trail.
    text(hello.deviceId, 'device_id', limits.deviceId);
    const disks: DiskIdentity[] = (hardware?.disks ?? []).slice(0, MAX_LIST_ENTRIES).map((disk, index) => ({
      name: text(disk.name, `hardware.disks[${index}].name`, limits.diskName),
      model: text(disk.model, `hardware.disks[${index}].model`, limits.diskModel),
      serial: text(disk.serial, `hardware.disks[${index}].serial`, limits.diskSerial),
      sizeBytes: Number.isSafeInteger(disk.sizeBytes) && disk.sizeBytes >= 0 ? disk.sizeBytes : 0,
    }));
    return {
      ok: true,
      value: {
        deviceId: certifiedDeviceId,
        agentVersion: text(hello.agentVersion, 'agent_version', limits.agentVersion),
        policyVersion: text(hello.policyVersion, 'policy_version', limits.policyVersion),
        hardware: {
          hostname: text(hardware?.hostname, 'hardware.hostname', limits.hostname),
          machineId: text(hardware?.machineId, 'hardware.machine_id', limits.machineId),
          dmiProductUuid: text(hardware?.dmiProductUuid, 'hardware.dmi_product_uuid', limits.dmiProductUuid),
          dmiBoardSerial: text(hardware?.dmiBoardSerial, 'hardware.dmi_board_serial', limits.dmiBoardSerial),
          macAddresses: (hardware?.macAddresses ?? [])
            .slice(0, MAX_LIST_ENTRIES)
            .map((mac, index) => text(mac, `hardware.mac_addresses[${index}]`, limits.macAddress)),
          osName: text(hardware?.osName, 'hardware.os_name', limits.osName),
          osVersion: text(hardware?.osVersion, 'hardware.os_version', limits.osVersion),
          kernel: text(hardware?.kernel, 'hardware.kernel', limits.kernel),
          arch: text(hardware?.arch, 'hardware.arch', limits.arch),
          deviceIdSource: text(hardware?.deviceIdSource, 'hardware.device_id_source', limits.deviceIdSource),
          disks,
        },
      },
    };
  } catch (error) {
    if (error instanceof HelloFieldProblem) return { ok: false, problem: error.message };
    throw error;
  }
}
