// Original file: proto/shoumi/v1/agent.proto


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
}
