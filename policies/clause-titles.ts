// What each clause of the standard the policy cites demands, in both languages, for people who read
// clause numbers in `shoumictl status` and `shoumictl rule`: a short title, and the clause's own words.
//
// Source: 涉密信息系统集成资质保密标准 (the secrecy standard for units holding a classified-system-
// integration qualification), section 3.7 信息系统与信息设备管理; the Chinese text is the standard's,
// quoted whole; the titles and English are ours. In the copy we work from, 3.7.5 is broken across a page
// ("连…规外联监控"); the phrase is 违规外联监控 (outbound-connection monitoring), as written here.

export interface ClauseText {
  title: { zh: string; en: string };
  /** The clause as the standard words it (Chinese; the standard has no official English text). */
  text: string;
  /** A faithful English rendering of `text`, ours. */
  textEn: string;
}

export const CLAUSES: Readonly<Record<string, ClauseText>> = {
  '3.7.2': {
    title: { zh: '设备标识与台帐', en: 'device marking and ledger' },
    text: '涉密信息设备应当符合国家保密标准，有密级、编号、责任人标识，并建立管理台帐。',
    textEn:
      'Classified information devices shall meet the national secrecy standards, carry a classification, an asset number and a responsible person, and be kept in a management ledger.',
  },
  '3.7.3': {
    title: { zh: '按最高密级管理', en: 'managed at the highest level held' },
    text: '涉密计算机、移动存储介质应当按照存储、处理信息的最高密级进行管理与防护。',
    textEn:
      'Classified computers and removable storage media shall be managed and protected at the highest classification of the information they store or process.',
  },
  '3.7.4': {
    title: { zh: '禁止违规接入与交叉使用', en: 'no forbidden networks, media or shared devices' },
    text: '涉密信息设备的使用应当符合相关保密规定。禁止涉密信息设备接入互联网及其他公共信息网络；禁止涉密信息设备接入内部非涉密信息系统；禁止使用非涉密信息设备和个人设备存储、处理涉密信息；禁止超越计算机、移动存储介质的涉密等级存储、处理涉密信息；禁止在涉密计算机和非涉密计算机之间交叉使用移动存储介质；禁止在涉密计算机与非涉密计算机之间共用打印机、扫描仪等信息设备。',
    textEn:
      'Use of classified devices shall follow the secrecy rules: no connection to the Internet or other public networks; none to internal non-classified systems; no non-classified or personal device storing or processing secrets; no computer or removable medium used above its level; no removable medium crossing between classified and non-classified computers; no printer, scanner or similar device shared between them.',
  },
  '3.7.5': {
    title: { zh: '安全保密防护措施', en: 'protective measures and antivirus' },
    text: '涉密信息设备应当采取身份鉴别、访问控制、违规外联监控、安全审计、移动存储介质管控等安全保密措施，并及时升级病毒和恶意代码样本库，定期进行病毒和恶意代码查杀。',
    textEn:
      'Classified devices shall have identity authentication, access control, outbound-connection monitoring, security audit and removable-media control, keep virus and malware signatures current, and be scanned for viruses and malware regularly.',
  },
  '3.7.6': {
    title: { zh: '选用合规安全产品', en: 'approved security products' },
    text: '采购安全保密产品应当选用经过国家保密行政管理部门授权机构检测、符合国家保密标准要求的产品，计算机病毒防护产品应当选用公安机关批准的国产产品，密码产品应当选用国家密码管理部门批准的产品。',
    textEn:
      'Security products shall be tested by a body the national secrecy administration authorises and meet the national standards; antivirus shall be a domestic product approved by public security; cryptographic products shall be approved by the national cryptography administration.',
  },
  '3.7.7': {
    title: { zh: '打印刻录集中管控', en: 'printing and burning controlled' },
    text: '涉密信息打印、刻录等输出应当相对集中、有效控制，并采取相应审计措施。',
    textEn:
      'Printing, disc burning and other output of classified information shall be concentrated, controlled and audited.',
  },
  '3.7.8': {
    title: { zh: '拆除无线模块', en: 'no wireless hardware' },
    text: '涉密计算机及办公自动化设备应当拆除具有无线联网功能的硬件模块，禁止使用具有无线互联功能或配备无线键盘、无线鼠标等无线外围装置的信息设备处理国家秘密。',
    textEn:
      'Classified computers and office equipment shall have wireless networking hardware removed; no device with wireless networking or wireless peripherals such as keyboards or mice may process state secrets.',
  },
};

/** The clause's short title in `lang`, or "" for a clause not listed here. */
export function clauseTitle(clause: string, lang: 'zh' | 'en'): string {
  return CLAUSES[clause]?.title[lang] ?? '';
}
