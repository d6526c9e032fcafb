// Reasons of the findings the collector judges itself (collector/sweeps/silence-judgement.ts,
// collector/fleet/cross-use.ts). The English texts are exactly the ones those findings carry as `reason`.
//
// A list the collector composes (the levels and computers a medium was used on) is given twice, as `uses`
// and `usesZh`: each language's template names its own, and a parameter a template does not name is left out.

import type { ReasonFamily } from '../reason';

const CROSS_USE_REMEDIATION = {
  zh: '立即停止该设备的交叉使用，核查其接入过的各台计算机及所涉数据，按规定处置并更新台账登记。',
  en: 'Stop using the device across levels at once, review every computer it was used on and the data involved, deal with it as the rules require and update its ledger entry.',
};

export const COLLECTOR_REASONS = {
  'collector.silence.silent': {
    zh: '终端代理已 {silentForSeconds} 秒未上报（策略允许 {maxSilenceSeconds} 秒）',
    en: 'the agent has not reported for {silentForSeconds} s (the policy allows {maxSilenceSeconds} s)',
    remediation: {
      zh: '检查该计算机是否开机、联网，终端代理服务是否在运行；代理被停止或卸载须查明原因并记录。',
      en: 'Check that the computer is on and connected and that the agent service runs; find out and record why an agent was stopped or removed.',
    },
  },
  'collector.silence.retired': {
    zh: '该设备在台账中已报废',
    en: 'the device is retired in the ledger',
  },
  'collector.silence.reporting': {
    zh: '终端代理已恢复上报',
    en: 'the agent reports again',
  },
  'collector.cross-use.medium-levels': {
    zh: '存储介质 {subject} 在不同密级的计算机上使用过：{usesZh}',
    en: 'medium {subject} was used on computers of different levels: {uses}',
    remediation: CROSS_USE_REMEDIATION,
  },
  'collector.cross-use.medium-on-unclassified': {
    zh: '存储介质 {subject} 登记为{levelZh}，却在非密计算机上使用过：{computers}',
    en: 'medium {subject} is registered as {level} and was used on an unclassified (non_classified) computer: {computers}',
    remediation: CROSS_USE_REMEDIATION,
  },
  'collector.cross-use.medium-one-level': {
    zh: '存储介质 {subject} {seenZh}',
    en: 'medium {subject} was seen {seen}',
  },
  'collector.cross-use.printer-levels': {
    zh: '网络打印机 {subject} 被不同密级的计算机使用过：{usesZh}',
    en: 'network printer {subject} was used on computers of different levels: {uses}',
    remediation: CROSS_USE_REMEDIATION,
  },
  'collector.cross-use.printer-one-level': {
    zh: '网络打印机 {subject} {seenZh}',
    en: 'network printer {subject} was seen {seen}',
  },
} as const satisfies ReasonFamily;
