// Original file: proto/shoumi/v1/agent.proto

export const Classification = {
  CLASSIFICATION_UNSPECIFIED: 'CLASSIFICATION_UNSPECIFIED',
  /**
   * 非密
   */
  NON_CLASSIFIED: 'NON_CLASSIFIED',
  /**
   * 秘密
   */
  SECRET: 'SECRET',
  /**
   * 机密
   */
  CONFIDENTIAL: 'CONFIDENTIAL',
  /**
   * 绝密
   */
  TOP_SECRET: 'TOP_SECRET',
} as const;

export type Classification =
  | 'CLASSIFICATION_UNSPECIFIED'
  | 0
  /**
   * 非密
   */
  | 'NON_CLASSIFIED'
  | 1
  /**
   * 秘密
   */
  | 'SECRET'
  | 2
  /**
   * 机密
   */
  | 'CONFIDENTIAL'
  | 3
  /**
   * 绝密
   */
  | 'TOP_SECRET'
  | 4

export type Classification__Output = typeof Classification[keyof typeof Classification]
