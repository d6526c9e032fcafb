// Optical drives on Windows (Win32_CDROMDrive). Whether a drive writes comes from Capabilities, where 4 is
// "Supports Writing" in the class's documented value map; a drive that reports no capabilities is unknown
// (null), not read-only. Windows does not list which disc formats a drive writes, so writeCapabilities
// holds the MediaType it reports ("DVD Writer") when that names writing, and is empty otherwise.

import type { OpticalDriveFact, OpticalFacts } from '../../facts';
import type { Probe } from '../probe';
import { parseInstanceId } from '../windows/pnp-device-id';
import { type JsonRecord, numberListOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const OPTICAL_COMMANDS = {
  drives: {
    name: 'Win32_CDROMDrive',
    script: toJson(
      'Get-CimInstance -ClassName Win32_CDROMDrive | ' +
        'Select-Object Drive, Name, Manufacturer, MediaType, Capabilities, PNPDeviceID',
    ),
  },
} as const;

const SUPPORTS_WRITING = 4;

export function windowsOpticalProbe(run?: PowerShellRunner): Probe<'optical'> {
  return windowsProbe(
    {
      fact: 'optical',
      source: 'Win32_CDROMDrive',
      commands: OPTICAL_COMMANDS,
      build: (records): OpticalFacts => ({ drives: records.drives.map(drive) }),
    },
    run,
  );
}

function drive(record: JsonRecord): OpticalDriveFact {
  const capabilities = numberListOf(record, 'Capabilities');
  const mediaType = textOf(record, 'MediaType');
  const pnpId = textOf(record, 'PNPDeviceID');
  const canWrite =
    capabilities === null || capabilities.length === 0 ? null : capabilities.includes(SUPPORTS_WRITING);
  // Vendor and model are in the instance id ("SCSI\CDROM&VEN_HL-DT-ST&PROD_DVDRAM_GUD1N\…"); Manufacturer
  // is the driver's "(Standard CD-ROM drives)".
  const id = pnpId === null ? null : parseInstanceId(pnpId);
  return {
    name: textOf(record, 'Drive') ?? pnpId ?? 'unnamed drive',
    vendor: id?.fields.get('VEN')?.replace(/_/g, ' ') ?? null,
    model: textOf(record, 'Name'),
    canWrite,
    writeCapabilities:
      canWrite === true && mediaType !== null && /writer|rw|ram/i.test(mediaType) ? [mediaType] : [],
    // USBSTOR is how Windows enumerates a USB optical drive; SCSI covers SATA and SCSI drives.
    bus: id === null ? null : id.enumerator === 'usbstor' ? 'usb' : id.enumerator,
  };
}
