// Original file: proto/shoumi/v1/agent.proto

import type { Disk as _shoumi_v1_Disk, Disk__Output as _shoumi_v1_Disk__Output } from '../../shoumi/v1/Disk';

export interface HardwareIdentity {
  'hostname'?: (string);
  'machineId'?: (string);
  'dmiProductUuid'?: (string);
  'dmiBoardSerial'?: (string);
  'macAddresses'?: (string)[];
  'osName'?: (string);
  'osVersion'?: (string);
  'kernel'?: (string);
  'arch'?: (string);
  /**
   * The computer's own fixed disks (not USB media, which the media rules judge).
   */
  'disks'?: (_shoumi_v1_Disk)[];
  /**
   * Where the agent's device id came from: "machine-id", "dmi-product-uuid", or "generated" (neither exists:
   * a random id kept in the agent's data directory, which a reinstall that loses that directory changes).
   */
  'deviceIdSource'?: (string);
}

export interface HardwareIdentity__Output {
  'hostname': (string);
  'machineId': (string);
  'dmiProductUuid': (string);
  'dmiBoardSerial': (string);
  'macAddresses': (string)[];
  'osName': (string);
  'osVersion': (string);
  'kernel': (string);
  'arch': (string);
  /**
   * The computer's own fixed disks (not USB media, which the media rules judge).
   */
  'disks': (_shoumi_v1_Disk__Output)[];
  /**
   * Where the agent's device id came from: "machine-id", "dmi-product-uuid", or "generated" (neither exists:
   * a random id kept in the agent's data directory, which a reinstall that loses that directory changes).
   */
  'deviceIdSource': (string);
}
