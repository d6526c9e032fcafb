export interface HardwareIdentityFacts {
  hostname: string;
  machineId: string;
  dmiProductUuid: string;
  dmiBoardSerial: string;
  macAddresses: string[];
  osName: string;
  osVersion: string;
  kernel: string;
  arch: string;
}
