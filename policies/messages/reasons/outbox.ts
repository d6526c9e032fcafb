// Reasons of the findings the agent's outbox makes about its own record (agent/outbox/overflow-finding.ts,
// lost-record-finding.ts, refused-record-finding.ts) and of a subject's removal (agent/reported-state.ts).
// The English texts are exactly the ones those findings carry as `reason`. `{refusal}` quotes the
// collector's or the agent's own refusal, which stays in English: it names wire fields.

import type { ReasonFamily } from '../reason';

const REFUSED_REMEDIATION = {
  zh: '在该计算机上查看留存的记录（路径见原因），查明被拒收的原因；通常需升级终端代理或收集端。下次检查会重新上报该规则和对象。',
  en: 'Read the record kept on the workstation (the path is in the reason) and find out why it was refused; usually the agent or the collector needs an upgrade. The next sweep reports the rule and subject again.',
};

export const OUTBOX_REASONS = {
  'outbox.overflow': {
    zh: '收集端不可达期间，发件箱达到 {maxBytes} 字节的上限；{dropped} 条已被同一规则和对象的较新结果（或此前的同类通知）取代的检查结果被丢弃（序号见证据）。每个规则和对象的最新状态均已保留。',
    en: 'The outbox reached its {maxBytes}-byte bound while the collector was unreachable; {dropped} findings superseded by a newer finding for the same rule and subject (or earlier notices like this one) were dropped (seqs in evidence). The newest state of every rule and subject is kept.',
    remediation: {
      zh: '恢复该计算机与收集端的网络连接；若经常发生，调大发件箱上限。被丢弃的只是已被取代的历史结果。',
      en: 'Restore the connection between this computer and the collector; if it happens often, raise the outbox bound. Only superseded history was dropped.',
    },
  },
  'outbox.overflow-closed': {
    zh: '发件箱已回到 {maxBytes} 字节的上限以内，收集端已确认到证据所列 {dropped} 条被丢弃结果之后的全部记录（作为历史保留：这些结果可能不在收集端）。',
    en: 'The outbox is back within its {maxBytes}-byte bound and the collector has acknowledged everything up to and past the {dropped} dropped findings listed in evidence (kept as history: they may be absent at the collector).',
  },
  'outbox.record-lost': {
    zh: '发件箱中保存该序号的记录在磁盘上已损坏、无法读取；其中的检查结果已丢失。',
    en: 'The outbox record holding this sequence number was corrupt on disk and could not be read; the finding it held is lost.',
    remediation: {
      zh: '检查该计算机的磁盘和文件系统是否有错误；下次检查会重新得出各规则的结论。',
      en: "Check the computer's disk and file system for errors; the next sweep judges every rule again.",
    },
  },
  'outbox.record-refused': {
    zh: '收集端永久拒收了序号 {seq} 的检查结果（{refusal}）；其结论（{status}）不在收集端。该记录留存在本机 {keptAs}。下次检查会重新上报该规则和对象。',
    en: 'The collector refused the finding of seq {seq} for good ({refusal}); its verdict ({status}) is not at the collector. The record is kept on the workstation in {keptAs}. The next sweep reports this rule and subject again.',
    remediation: REFUSED_REMEDIATION,
  },
  'outbox.record-unsendable': {
    zh: '终端代理未发送序号 {seq} 的检查结果：收集端无法存储它（{refusal}）；其结论（{status}）不在收集端。该记录留存在本机 {keptAs}。下次检查会重新上报该规则和对象。',
    en: 'The agent did not send the finding of seq {seq}: the collector could never store it ({refusal}); its verdict ({status}) is not at the collector. The record is kept on the workstation in {keptAs}. The next sweep reports this rule and subject again.',
    remediation: REFUSED_REMEDIATION,
  },
  'outbox.record-refused-newer': {
    zh: '收集端永久拒收了序号 {seq} 的检查结果（{refusal}）；同一规则和对象已有更新的结果（序号 {newerSeq}）代替它，故在此报告。该记录留存在本机 {keptAs}。',
    en: 'The collector refused the finding of seq {seq} for good ({refusal}); a newer finding of the same rule and subject (seq {newerSeq}) stands for it, so it is reported here. The record is kept on the workstation in {keptAs}.',
    remediation: REFUSED_REMEDIATION,
  },
  'outbox.record-unsendable-newer': {
    zh: '终端代理未发送序号 {seq} 的检查结果：收集端无法存储它（{refusal}）；同一规则和对象已有更新的结果（序号 {newerSeq}）代替它，故在此报告。该记录留存在本机 {keptAs}。',
    en: 'The agent did not send the finding of seq {seq}: the collector could never store it ({refusal}); a newer finding of the same rule and subject (seq {newerSeq}) stands for it, so it is reported here. The record is kept on the workstation in {keptAs}.',
    remediation: REFUSED_REMEDIATION,
  },
  'outbox.record-refused-unusable': {
    zh: '收集端永久拒收了序号 {seq} 的检查结果（{refusal}）；其规则、条款或对象无法承载检查结果，故在此报告。该记录留存在本机 {keptAs}。',
    en: 'The collector refused the finding of seq {seq} for good ({refusal}); its rule, clause or subject cannot carry a finding, so it is reported here. The record is kept on the workstation in {keptAs}.',
    remediation: REFUSED_REMEDIATION,
  },
  'outbox.record-unsendable-unusable': {
    zh: '终端代理未发送序号 {seq} 的检查结果：收集端无法存储它（{refusal}）；其规则、条款或对象无法承载检查结果，故在此报告。该记录留存在本机 {keptAs}。',
    en: 'The agent did not send the finding of seq {seq}: the collector could never store it ({refusal}); its rule, clause or subject cannot carry a finding, so it is reported here. The record is kept on the workstation in {keptAs}.',
    remediation: REFUSED_REMEDIATION,
  },
  'agent.subject-gone': {
    zh: '已不存在',
    en: 'no longer present',
  },
} as const satisfies ReasonFamily;
