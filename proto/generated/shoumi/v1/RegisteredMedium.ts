// Original file: proto/shoumi/v1/agent.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { MediumStatus as _shoumi_v1_MediumStatus, MediumStatus__Output as _shoumi_v1_MediumStatus__Output } from '../../shoumi/v1/MediumStatus';

export interface RegisteredMedium {
  'serial'?: (string);
  /**
   * 4 lowercase hex digits
   */
  'vendorId'?: (string);
  /**
   * 4 lowercase hex digits
   */
  'productId'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  'status'?: (_shoumi_v1_MediumStatus);
  'assetNumber'?: (string);
  'responsiblePerson'?: (string);
}

export interface RegisteredMedium__Output {
  'serial': (string);
  /**
   * 4 lowercase hex digits
   */
  'vendorId': (string);
  /**
   * 4 lowercase hex digits
   */
  'productId': (string);
  'classification': (_shoumi_v1_Classification__Output);
  'status': (_shoumi_v1_MediumStatus__Output);
  'assetNumber': (string);
  'responsiblePerson': (string);
}
