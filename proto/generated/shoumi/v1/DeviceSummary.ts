// Original file: proto/shoumi/v1/admin.proto

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
}
