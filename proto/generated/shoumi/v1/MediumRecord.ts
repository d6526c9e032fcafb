// Original file: proto/shoumi/v1/admin_media.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { MediumStatus as _shoumi_v1_MediumStatus, MediumStatus__Output as _shoumi_v1_MediumStatus__Output } from '../../shoumi/v1/MediumStatus';
import type { MediumSighting as _shoumi_v1_MediumSighting, MediumSighting__Output as _shoumi_v1_MediumSighting__Output } from '../../shoumi/v1/MediumSighting';
import type { Long } from '@grpc/proto-loader';

export interface MediumRecord {
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
  /**
   * When bound, the medium is registered only for these devices / this department; empty: any device.
   */
  'boundDeviceIds'?: (string)[];
  'boundDepartment'?: (string);
  'note'?: (string);
  'registeredAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
  /**
   * Devices whose agent has reported seeing it, newest first.
   */
  'sightings'?: (_shoumi_v1_MediumSighting)[];
}

export interface MediumRecord__Output {
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
  /**
   * When bound, the medium is registered only for these devices / this department; empty: any device.
   */
  'boundDeviceIds': (string)[];
  'boundDepartment': (string);
  'note': (string);
  'registeredAtMs': (number);
  'updatedAtMs': (number);
  /**
   * Devices whose agent has reported seeing it, newest first.
   */
  'sightings': (_shoumi_v1_MediumSighting__Output)[];
}
