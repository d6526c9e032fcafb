// Original file: proto/shoumi/v1/admin_media.proto

import type { MediumStatus as _shoumi_v1_MediumStatus, MediumStatus__Output as _shoumi_v1_MediumStatus__Output } from '../../shoumi/v1/MediumStatus';

export interface SetMediumStatusRequest {
  'vendorId'?: (string);
  'productId'?: (string);
  'serial'?: (string);
  'status'?: (_shoumi_v1_MediumStatus);
  'note'?: (string);
}

export interface SetMediumStatusRequest__Output {
  'vendorId': (string);
  'productId': (string);
  'serial': (string);
  'status': (_shoumi_v1_MediumStatus__Output);
  'note': (string);
}
