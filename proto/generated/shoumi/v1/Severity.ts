// Original file: proto/shoumi/v1/agent.proto

export const Severity = {
  SEVERITY_UNSPECIFIED: 'SEVERITY_UNSPECIFIED',
  LOW: 'LOW',
  MEDIUM: 'MEDIUM',
  HIGH: 'HIGH',
  CRITICAL: 'CRITICAL',
} as const;

export type Severity =
  | 'SEVERITY_UNSPECIFIED'
  | 0
  | 'LOW'
  | 1
  | 'MEDIUM'
  | 2
  | 'HIGH'
  | 3
  | 'CRITICAL'
  | 4

export type Severity__Output = typeof Severity[keyof typeof Severity]
