// Reasons of agent/checks/antivirus.ts (3.7.5, 3.7.6: an approved domestic antivirus product, current virus
// signatures, regular full scans, real-time protection). Dates are ISO 8601 in UTC, as the evidence has them.

import type { ReasonFamily } from '../reason';

const INSTALL_APPROVED = {
  zh: '安装策略清单中经公安机关批准的国产防病毒软件，并开启实时防护、更新病毒库。',
  en: "Install a domestic antivirus product approved by public security from the policy's list, switch on real-time protection and update its signatures.",
};
const UPDATE_SIGNATURES = {
  zh: '通过离线升级包或内网升级服务器更新病毒库，并设置定期更新。',
  en: 'Update the virus signatures from an offline update package or the internal update server, and schedule regular updates.',
};
const FIX_CLOCK = {
  zh: '核对本机时钟（与内网时间服务器同步）；时钟无误的，由安全保密管理员在防病毒软件中人工核查。',
  en: "Check this computer's clock against the internal time server; if the clock is right, the security office checks the antivirus product by hand.",
};
const FULL_SCAN = {
  zh: '立即运行一次全盘查杀，并在防病毒软件中设置定期全盘查杀计划。',
  en: 'Run a full scan now and schedule regular full scans in the antivirus product.',
};
const REALTIME_ON = {
  zh: '在防病毒软件中开启实时防护（文件监控；ClamAV 需运行 clamonacc），并设置开机自启。',
  en: 'Switch on real-time protection (file monitoring; for ClamAV, run clamonacc) and have it start at boot.',
};

export const ANTIVIRUS_REASONS = {
  'antivirus.none-installed': {
    zh: '未安装防病毒软件',
    en: 'no antivirus product is installed',
    remediation: INSTALL_APPROVED,
  },
  'antivirus.none': {
    zh: '未安装防病毒软件',
    en: 'no antivirus',
    remediation: INSTALL_APPROVED,
  },
  'antivirus.approved': {
    zh: '{product} 在批准清单中',
    en: '{product} is on the approved list',
  },
  'antivirus.not-approved': {
    zh: '{product} 不在批准的国产防病毒产品清单中',
    en: '{product} is not on the approved list of domestic antivirus products',
    remediation: {
      zh: '卸载该产品，安装策略清单中经公安机关批准的国产防病毒软件；如该产品已获批准，由安全保密管理员将其加入策略清单。',
      en: "Uninstall the product and install an approved domestic one from the policy's list; if it is in fact approved, the security office adds it to the policy's list.",
    },
  },
  'antivirus.signatures-unreadable': {
    zh: '{product}：找不到可读出生成时间的病毒库',
    en: '{product}: no signature database with a readable build time',
    remediation: {
      zh: '检查病毒库文件是否完整（必要时重新安装病毒库），再重新检查；在此之前由安全保密管理员人工核查病毒库日期。',
      en: 'Check that the signature files are whole (reinstall them if need be) and check again; until then the security office checks the signature date by hand.',
    },
  },
  'antivirus.signatures-future': {
    zh: '{product}：最新病毒库的生成时间在未来（{builtAt}），本机时钟或病毒库文件头有误',
    en: '{product}: newest signatures claim to be built in the future ({builtAt}); the clock or the database header is wrong',
    remediation: FIX_CLOCK,
  },
  'antivirus.signatures-stale': {
    zh: '{product}：最新病毒库已有 {ageDays} 天（生成于 {builtAt}），超过允许的 {maxDays} 天',
    en: '{product}: newest signatures are {ageDays} days old (built {builtAt}); at most {maxDays} allowed',
    remediation: UPDATE_SIGNATURES,
  },
  'antivirus.signatures-current': {
    zh: '{product}：最新病毒库为 {ageDays} 天前生成，未超过允许的 {maxDays} 天',
    en: '{product}: newest signatures are {ageDays} days old; at most {maxDays} allowed',
  },
  'antivirus.no-full-scan': {
    zh: '{product}：没有完成全盘查杀的记录',
    en: '{product}: no completed full scan on record',
    remediation: FULL_SCAN,
  },
  'antivirus.full-scan-future': {
    zh: '{product}：最近一次全盘查杀的结束时间在未来（{at}），本机时钟或查杀日志有误',
    en: '{product}: the last full scan claims to end in the future ({at}); the clock or the log is wrong',
    remediation: FIX_CLOCK,
  },
  'antivirus.full-scan-old': {
    zh: '{product}：最近一次全盘查杀于 {ageDays} 天前结束（{at}），超过允许的 {maxDays} 天',
    en: '{product}: last full scan ended {ageDays} days ago ({at}); at most {maxDays} allowed',
    remediation: FULL_SCAN,
  },
  'antivirus.full-scan-recent': {
    zh: '{product}：最近一次全盘查杀于 {ageDays} 天前结束，未超过允许的 {maxDays} 天',
    en: '{product}: last full scan ended {ageDays} days ago; at most {maxDays} allowed',
  },
  'antivirus.realtime-reported-on': {
    zh: '{product} 报告实时防护已开启',
    en: '{product} reports real-time protection on',
  },
  'antivirus.realtime-process-runs': {
    zh: '{product}：实时扫描进程正在运行（{processes}）',
    en: '{product}: on-access scanning runs ({processes})',
  },
  'antivirus.realtime-off': {
    zh: '{product}：实时防护已关闭',
    en: '{product}: real-time protection is off',
    remediation: REALTIME_ON,
  },
  'antivirus.realtime-daemon-not-running': {
    zh: '{product}：实时防护已关闭（{daemons} 未运行）',
    en: '{product}: real-time protection is off ({daemons} not running)',
    remediation: REALTIME_ON,
  },
  'antivirus.realtime-unknown': {
    zh: '{product}：无法判断实时防护是否开启',
    en: '{product}: cannot tell whether real-time protection is on',
    remediation: {
      zh: '由安全保密管理员在防病毒软件界面中人工核查实时防护是否开启。',
      en: "The security office checks in the antivirus product's own window whether real-time protection is on.",
    },
  },
  // Products recognised through a definition (policies/antivirus/): what a definition leaves out, or a
  // source that cannot be read, is "cannot tell", and the reason says where a site can add what it knows.
  'antivirus.not-corroborated': {
    zh: '{product}：已在 Windows 安全中心登记，但未找到该产品自身的文件或服务（登记可能由其他程序伪造）',
    en: '{product}: registered with Windows Security Center, but none of its own files or services was found (the registration may have been made by another program)',
    remediation: {
      zh: '核查该计算机上是否确实安装了该产品；重新安装批准的防病毒产品，并查清是谁登记了该条目。',
      en: 'Check whether the product is really installed on this computer; reinstall the approved antivirus product and find out what registered the entry.',
    },
  },
  'antivirus.signatures-out-of-date-reported': {
    zh: '{product}：Windows 安全中心报告其病毒库已过期',
    en: '{product}: Windows Security Center reports its signatures out of date',
    remediation: {
      zh: '在防病毒软件中立即升级病毒库（离线环境导入离线升级包），确认安全中心不再报告过期。',
      en: 'Update the signatures in the antivirus product now (import the offline update package on an isolated network) and confirm Security Center no longer reports them out of date.',
    },
  },
  'antivirus.signatures-unknown': {
    zh: '{product}：无法读出病毒库日期（{detail}）',
    en: '{product}: the signature date cannot be read ({detail})',
    remediation: {
      zh: '由安全保密管理员在防病毒软件界面中人工核查病毒库日期；如已查明该产品记录病毒库日期的位置，在策略 antivirus-approved-installed 的 product_definitions 中为其补充 signatures。',
      en: "The security office checks the signature date in the antivirus product's own window; where it knows where the product records that date, it adds a `signatures` source for it in product_definitions of antivirus-approved-installed.",
    },
  },
  'antivirus.full-scan-unknown': {
    zh: '{product}：无法读出最近一次全盘查杀的时间（{detail}）',
    en: '{product}: the last full scan cannot be read ({detail})',
    remediation: {
      zh: '由安全保密管理员在防病毒软件的查杀日志中人工核查最近一次全盘查杀；如已查明其记录位置，在策略 product_definitions 中为该产品补充 full_scan。',
      en: "The security office checks the last full scan in the antivirus product's own log; where it knows where the product records it, it adds a `full_scan` source in product_definitions.",
    },
  },
  'antivirus.not-running': {
    zh: '{product} 已安装但未运行（{lookedFor} 均未运行）',
    en: '{product} is installed but not running (none of {lookedFor} runs)',
    remediation: {
      zh: '启动该防病毒软件（服务或主程序），开启实时防护，并设置开机自启。',
      en: 'Start the antivirus product (its service or main program), switch on real-time protection and have it start at boot.',
    },
  },
  'antivirus.realtime-process-unknown': {
    zh: '{product} 正在运行（{running}），但不知道它的哪个进程负责实时防护，无法判断实时防护是否开启；可在策略的 product_definitions 中写明（realtime_processes）',
    en: '{product} runs ({running}), but which of its processes is real-time protection is not known, so whether it is on cannot be told; the site can name it in product_definitions (realtime_processes)',
    remediation: {
      zh: '由安全保密管理员在防病毒软件界面中人工核查实时防护是否开启；在策略 antivirus-approved-installed 的 product_definitions 中为该产品写明实时防护进程（realtime_processes），此后自动判断。',
      en: "The security office checks in the antivirus product's own window whether real-time protection is on, and names its real-time process (realtime_processes) in product_definitions of antivirus-approved-installed, after which it is judged automatically.",
    },
  },
  'antivirus.running-unknown': {
    zh: '{product}：产品定义未给出其服务、进程或实时防护进程，无法判断是否运行及实时防护是否开启；可在策略的 product_definitions 中写明',
    en: '{product}: its definition names no service, process or real-time process, so whether it runs and whether real-time protection is on cannot be told; the site can name them in product_definitions',
    remediation: {
      zh: '由安全保密管理员在防病毒软件界面中人工核查实时防护是否开启；在策略 antivirus-approved-installed 的 product_definitions 中为该产品写明服务（services）、进程（processes）和实时防护进程（realtime_processes）。',
      en: "The security office checks in the antivirus product's own window whether real-time protection is on, and names the product's services, processes and realtime_processes in product_definitions of antivirus-approved-installed.",
    },
  },
} as const satisfies ReasonFamily;
