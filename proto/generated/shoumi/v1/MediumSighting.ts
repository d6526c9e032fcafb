// Original file: proto/shoumi/v1/admin_media.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { Long } from '@grpc/proto-loader';

export interface MediumSighting {
  'deviceId'?: (string);
  'hostname'?: (string);
  'deviceClassification'?: (_shoumi_v1_Classification);
  'firstSeenMs'?: (number | string | Long);
  'lastSeenMs'?: (number | string | Long);
}

export interface MediumSighting__Output {
  'deviceId': (string);
  'hostname': (string);
  'deviceClassification': (_shoumi_v1_Classification__Output);
  'firstSeenMs': (number);
  'lastSeenMs': (number);
}
