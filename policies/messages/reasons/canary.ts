// Reasons of agent/checks/canary.ts (3.7.4: the outside endpoints the policy lists must not be reachable).

import type { ReasonFamily } from '../reason';

export const CANARY_REASONS = {
  'canary.none-listed': {
    zh: '策略未列出外部探测地址（本单位尚未启用此规则）',
    en: 'no canary endpoints listed',
  },
  'canary.not-tried': {
    zh: '未探测 {endpoint}（探针使用的地址清单与当前策略不同）',
    en: '{endpoint} was not tried (the probe had a different endpoint list)',
    remediation: {
      zh: '等待本机代理取得最新策略后重新检查（shoumictl sweep run）；持续出现的，将本条结果报送守密维护方。',
      en: "Let the agent receive the current policy and check again (shoumictl sweep run); if it persists, send this finding to shoumi's maintainers.",
    },
  },
  'canary.reached': {
    zh: '{endpoint} 可达（{ms} 毫秒）：本机存在外联通道',
    en: 'reached {endpoint} in {ms} ms: this computer has a way out',
    remediation: {
      zh: '立即断开本机网络，查明外联路径（网关、代理、隧道、第二块网卡）并报告安全保密管理员，按违规外联处置。',
      en: 'Disconnect this computer from the network now, find the way out (gateway, proxy, tunnel, second interface) and report to the security office, to be handled as an outside connection.',
    },
  },
  'canary.not-reached': {
    zh: '{endpoint} 不可达：{detail}',
    en: '{endpoint} not reached: {detail}',
  },
} as const satisfies ReasonFamily;
