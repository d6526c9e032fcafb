// Original file: proto/shoumi/v1/agent.proto

import type { HardwareIdentity as _shoumi_v1_HardwareIdentity, HardwareIdentity__Output as _shoumi_v1_HardwareIdentity__Output } from '../../shoumi/v1/HardwareIdentity';
import type { Long } from '@grpc/proto-loader';

export interface Hello {
  /**
   * The id the agent believes it has. The collector takes the device id from the client certificate and
   * never from here: a hello naming another device is ignored and recorded in the audit trail.
   */
  'deviceId'?: (string);
  'hardware'?: (_shoumi_v1_HardwareIdentity | null);
  'agentVersion'?: (string);
  /**
   * Version of the policy bundle the agent is judging with ("" when it has none yet).
   */
  'policyVersion'?: (string);
  /**
   * Highest sequence number the agent has seen acknowledged; the collector answers with its own.
   */
  'lastAckedSeq'?: (number | string | Long);
  /**
   * Highest sequence number the agent has assigned so far.
   */
  'lastAssignedSeq'?: (number | string | Long);
}

export interface Hello__Output {
  /**
   * The id the agent believes it has. The collector takes the device id from the client certificate and
   * never from here: a hello naming another device is ignored and recorded in the audit trail.
   */
  'deviceId': (string);
  'hardware': (_shoumi_v1_HardwareIdentity__Output | null);
  'agentVersion': (string);
  /**
   * Version of the policy bundle the agent is judging with ("" when it has none yet).
   */
  'policyVersion': (string);
  /**
   * Highest sequence number the agent has seen acknowledged; the collector answers with its own.
   */
  'lastAckedSeq': (number);
  /**
   * Highest sequence number the agent has assigned so far.
   */
  'lastAssignedSeq': (number);
}
