// Original file: proto/shoumi/v1/agent.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { RegisteredMedium as _shoumi_v1_RegisteredMedium, RegisteredMedium__Output as _shoumi_v1_RegisteredMedium__Output } from '../../shoumi/v1/RegisteredMedium';

/**
 * This device's slice of the ledger: what its checks judge against.
 */
export interface LedgerSlice {
  'classification'?: (_shoumi_v1_Classification);
  'assetNumber'?: (string);
  'media'?: (_shoumi_v1_RegisteredMedium)[];
  /**
   * CIDR blocks this computer may reach (the classified networks it belongs to).
   */
  'allowedNetworks'?: (string)[];
}

/**
 * This device's slice of the ledger: what its checks judge against.
 */
export interface LedgerSlice__Output {
  'classification': (_shoumi_v1_Classification__Output);
  'assetNumber': (string);
  'media': (_shoumi_v1_RegisteredMedium__Output)[];
  /**
   * CIDR blocks this computer may reach (the classified networks it belongs to).
   */
  'allowedNetworks': (string)[];
}
