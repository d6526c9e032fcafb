// Original file: proto/shoumi/v1/admin_ledger.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';

export interface UpdateDeviceRequest {
  'deviceId'?: (string);
  /**
   * Only the fields named in `fields` are changed (asset_number, classification, responsible_person,
   * department, location, status, allowed_networks); the rest keep their values.
   */
  'fields'?: (string)[];
  'assetNumber'?: (string);
  /**
   * CLASSIFICATION_UNSPECIFIED clears it (not classified yet).
   */
  'classification'?: (_shoumi_v1_Classification);
  'responsiblePerson'?: (string);
  'department'?: (string);
  'location'?: (string);
  /**
   * in_service | under_repair | retired
   */
  'status'?: (string);
  /**
   * CIDR blocks; empty: the policy default.
   */
  'allowedNetworks'?: (string)[];
  /**
   * Create the ledger entry when the collector does not know the device yet (an agent not yet enrolled);
   * without it an unknown device id is NOT_FOUND, so that a typo cannot create a device.
   */
  'create'?: (boolean);
}

export interface UpdateDeviceRequest__Output {
  'deviceId': (string);
  /**
   * Only the fields named in `fields` are changed (asset_number, classification, responsible_person,
   * department, location, status, allowed_networks); the rest keep their values.
   */
  'fields': (string)[];
  'assetNumber': (string);
  /**
   * CLASSIFICATION_UNSPECIFIED clears it (not classified yet).
   */
  'classification': (_shoumi_v1_Classification__Output);
  'responsiblePerson': (string);
  'department': (string);
  'location': (string);
  /**
   * in_service | under_repair | retired
   */
  'status': (string);
  /**
   * CIDR blocks; empty: the policy default.
   */
  'allowedNetworks': (string)[];
  /**
   * Create the ledger entry when the collector does not know the device yet (an agent not yet enrolled);
   * without it an unknown device id is NOT_FOUND, so that a typo cannot create a device.
   */
  'create': (boolean);
}
