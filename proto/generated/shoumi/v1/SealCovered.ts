// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The newest seal of one kind that the chain still matches.
 */
export interface SealCovered {
  'position'?: (number | string | Long);
  'sealedAtMs'?: (number | string | Long);
  'signerName'?: (string);
}

/**
 * The newest seal of one kind that the chain still matches.
 */
export interface SealCovered__Output {
  'position': (number);
  'sealedAtMs': (number);
  'signerName': (string);
}
