// Reasons of agent/checks/optical-writers.ts (3.7.7: disc burning concentrated and controlled).

import type { ReasonFamily } from '../reason';

export const OPTICAL_WRITERS_REASONS = {
  'optical-writers.none': {
    zh: '未发现光驱',
    en: 'no optical drive found',
  },
  'optical-writers.writer': {
    zh: '{drive}（{label}）可以刻录光盘：{capabilities}',
    en: '{drive} ({label}) can write discs: {capabilities}',
    remediation: {
      zh: '拆除刻录光驱（可换装只读光驱），刻录统一在指定的集中刻录设备上进行并登记。',
      en: 'Remove the disc writer (a read-only drive may replace it); burning is done on the designated central burner and recorded.',
    },
  },
  'optical-writers.read-only': {
    zh: '{drive}（{label}）只能读盘，不能刻录',
    en: '{drive} ({label}) reads discs but cannot write them',
  },
  'optical-writers.unknown': {
    zh: '{drive}（{label}）：无法判断能否刻录光盘',
    en: '{drive} ({label}): cannot tell whether it can write discs',
    remediation: {
      zh: '由安全保密管理员按光驱型号人工核查其是否具备刻录能力；具备的，予以拆除。',
      en: 'The security office checks from the drive model whether it can write discs; one that can is removed.',
    },
  },
} as const satisfies ReasonFamily;
