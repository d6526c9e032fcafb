// Reasons the check engine gives itself (agent/checks/engine.ts): a fact the probe could not read, a check
// that broke, a rule this agent cannot judge. The probe's and the runtime's own words come in as {detail}:
// they are the system's text (ENOENT, permission denied) and are shown as they are in both languages.

import type { ReasonFamily } from '../reason';

const REPORT_BUG = {
  zh: '这是守密代理程序的缺陷：请将本条结果连同证据报送守密维护方；修复前该规则无法自动判定，由安全保密管理员人工检查。',
  en: "This is a defect in the shoumi agent: send this finding with its evidence to shoumi's maintainers; until it is fixed, the security office checks the rule by hand.",
};

export const ENGINE_REASONS = {
  'engine.fact-unreadable': {
    zh: '无法读取 {fact}（{source}）：{detail}',
    en: 'cannot read {fact} ({source}): {detail}',
    remediation: {
      zh: '查明本机代理读取该项失败的原因（权限不足、文件缺失或系统不支持），排除后重新检查；在此之前该规则未经检查，不得视为合规。',
      en: 'Find out why the agent could not read it (permissions, a missing file, an unsupported system), fix that and check again; until then the rule is unchecked and must not count as compliant.',
    },
  },
  'engine.facts-unreadable': {
    zh: '无法读取多项检查数据：{facts}',
    en: 'cannot read {facts}',
    remediation: {
      zh: '逐项查明本机代理读取失败的原因（权限不足、文件缺失或系统不支持），排除后重新检查；在此之前该规则未经检查，不得视为合规。',
      en: 'Find out, for each item, why the agent could not read it (permissions, a missing file, an unsupported system), fix that and check again; until then the rule is unchecked and must not count as compliant.',
    },
  },
  'engine.check-failed': {
    zh: '检查项 {check} 运行出错（程序缺陷）：{detail}',
    en: 'check {check} failed (a bug): {detail}',
    remediation: REPORT_BUG,
  },
  'engine.check-stray-rule': {
    zh: '检查项 {check} 报告了未交给它的规则“{rule}”（程序缺陷）',
    en: 'check {check} (a bug) reported rule "{rule}" it was not given',
    remediation: REPORT_BUG,
  },
  'engine.check-silent': {
    zh: '检查项 {check} 未对规则“{rule}”给出结论（程序缺陷）',
    en: 'check {check} (a bug) said nothing about rule "{rule}"',
    remediation: REPORT_BUG,
  },
  'engine.no-check': {
    zh: '本机代理没有规则“{rule}”的检查项（策略是否比代理版本新？）',
    en: 'this agent has no check for rule "{rule}" (is the policy newer than the agent?)',
    remediation: {
      zh: '将本机代理升级到与当前策略配套的版本（shoumi-agent --version 可查看本机版本）；升级前由安全保密管理员人工检查该规则。',
      en: 'Upgrade this agent to the version that goes with the policy (shoumi-agent --version shows the one installed); until then the security office checks the rule by hand.',
    },
  },
  'engine.pending-probe': {
    zh: '尚未实现：需要 {probe} 探针',
    en: 'not built yet: needs the {probe} probe',
  },
} as const satisfies ReasonFamily;
