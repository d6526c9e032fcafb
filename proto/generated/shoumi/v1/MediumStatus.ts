// Original file: proto/shoumi/v1/agent.proto

export const MediumStatus = {
  MEDIUM_STATUS_UNSPECIFIED: 'MEDIUM_STATUS_UNSPECIFIED',
  IN_USE: 'IN_USE',
  RETIRED: 'RETIRED',
  LOST: 'LOST',
} as const;

export type MediumStatus =
  | 'MEDIUM_STATUS_UNSPECIFIED'
  | 0
  | 'IN_USE'
  | 1
  | 'RETIRED'
  | 2
  | 'LOST'
  | 3

export type MediumStatus__Output = typeof MediumStatus[keyof typeof MediumStatus]
