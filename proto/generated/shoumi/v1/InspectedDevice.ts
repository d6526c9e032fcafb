// Original file: proto/shoumi/v1/admin_reports.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';

/**
 * One inspected computer (检查对象).
 */
export interface InspectedDevice {
  'deviceId'?: (string);
  'hostname'?: (string);
  'assetNumber'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  'responsiblePerson'?: (string);
  'department'?: (string);
  'location'?: (string);
  /**
   * answered | failed | offline | pending (sweep reports); "inspected" for window reports.
   */
  'coverage'?: (string);
  'findings'?: (number);
  'problems'?: (number);
}

/**
 * One inspected computer (检查对象).
 */
export interface InspectedDevice__Output {
  'deviceId': (string);
  'hostname': (string);
  'assetNumber': (string);
  'classification': (_shoumi_v1_Classification__Output);
  'responsiblePerson': (string);
  'department': (string);
  'location': (string);
  /**
   * answered | failed | offline | pending (sweep reports); "inspected" for window reports.
   */
  'coverage': (string);
  'findings': (number);
  'problems': (number);
}
