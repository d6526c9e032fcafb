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
  'classification'?: (_shoumi_v1_Classification);
  'responsiblePerson'?: (string);
  'department'?: (string);
  'location'?: (string);
  'status'?: (string);
  'allowedNetworks'?: (string)[];
}

export interface UpdateDeviceRequest__Output {
  'deviceId': (string);
  /**
   * Only the fields named in `fields` are changed (asset_number, classification, responsible_person,
   * department, location, status, allowed_networks); the rest keep their values.
   */
  'fields': (string)[];
  'assetNumber': (string);
  'classification': (_shoumi_v1_Classification__Output);
  'responsiblePerson': (string);
  'department': (string);
  'location': (string);
  'status': (string);
  'allowedNetworks': (string)[];
}
