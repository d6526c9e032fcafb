// Original file: proto/shoumi/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface Disk {
  /**
   * Kernel name, e.g. "sda", "nvme0n1", "vda".
   */
  'name'?: (string);
  'model'?: (string);
  'serial'?: (string);
  'sizeBytes'?: (number | string | Long);
}

export interface Disk__Output {
  /**
   * Kernel name, e.g. "sda", "nvme0n1", "vda".
   */
  'name': (string);
  'model': (string);
  'serial': (string);
  'sizeBytes': (number);
}
