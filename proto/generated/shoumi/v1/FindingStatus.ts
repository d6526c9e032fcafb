// Original file: proto/shoumi/v1/agent.proto

export const FindingStatus = {
  FINDING_STATUS_UNSPECIFIED: 'FINDING_STATUS_UNSPECIFIED',
  PASS: 'PASS',
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  NOT_APPLICABLE: 'NOT_APPLICABLE',
} as const;

export type FindingStatus =
  | 'FINDING_STATUS_UNSPECIFIED'
  | 0
  | 'PASS'
  | 1
  | 'FAIL'
  | 2
  | 'ERROR'
  | 3
  | 'NOT_APPLICABLE'
  | 4

export type FindingStatus__Output = typeof FindingStatus[keyof typeof FindingStatus]
