// Original file: proto/shoumi/v1/admin_devices.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { Long } from '@grpc/proto-loader';

export interface DeviceSummary {
  'deviceId'?: (string);
  'hostname'?: (string);
  'assetNumber'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  'responsiblePerson'?: (string);
  'department'?: (string);
  'location'?: (string);
  /**
   * in_service | under_repair | retired
   */
  'status'?: (string);
  /**
   * Unix epoch ms of the last message from the agent; 0 when never seen.
   */
  'lastSeenMs'?: (number | string | Long);
  'connected'?: (boolean);
  'failing'?: (number);
  'errors'?: (number);
  'passing'?: (number);
  'notApplicable'?: (number);
  'lastSeq'?: (number | string | Long);
  'agentVersion'?: (string);
  'policyVersion'?: (string);
  'os'?: (string);
  /**
   * Where the device stands: compliant | failing | not_judged | never_seen. compliant only with a current
   * verdict for every rule the policy has its agent judge and none failing or in error; not_judged (未完成检查):
   * seen, nothing failing, but some of those rules without a verdict yet.
   */
  'state'?: (string);
  /**
   * How many of the rules the policy has agents judge this device has no current verdict for.
   */
  'rulesWithoutVerdict'?: (number);
}

export interface DeviceSummary__Output {
  'deviceId': (string);
  'hostname': (string);
  'assetNumber': (string);
  'classification': (_shoumi_v1_Classification__Output);
  'responsiblePerson': (string);
  'department': (string);
  'location': (string);
  /**
   * in_service | under_repair | retired
   */
  'status': (string);
  /**
   * Unix epoch ms of the last message from the agent; 0 when never seen.
   */
  'lastSeenMs': (number);
  'connected': (boolean);
  'failing': (number);
  'errors': (number);
  'passing': (number);
  'notApplicable': (number);
  'lastSeq': (number);
  'agentVersion': (string);
  'policyVersion': (string);
  'os': (string);
  /**
   * Where the device stands: compliant | failing | not_judged | never_seen. compliant only with a current
   * verdict for every rule the policy has its agent judge and none failing or in error; not_judged (未完成检查):
   * seen, nothing failing, but some of those rules without a verdict yet.
   */
  'state': (string);
  /**
   * How many of the rules the policy has agents judge this device has no current verdict for.
   */
  'rulesWithoutVerdict': (number);
}
