// Reasons of agent/checks/printing.ts (3.7.4: no printer shared with non-classified computers; 3.7.7:
// printing controlled and audited). {source} is the configuration the setting was read from.

import type { ReasonFamily } from '../reason';

const STOP_SHARING = {
  zh: '关闭打印共享（CUPS：cupsctl --no-share-printers，并只监听本机；Windows：取消打印机共享）。',
  en: 'Switch printer sharing off (CUPS: cupsctl --no-share-printers and listen on localhost only; Windows: unshare the printer).',
};
const USE_REGISTERED_PRINTER = {
  zh: '删除该打印队列，改用本涉密网络内登记的打印机，并以 IP 地址配置。',
  en: 'Delete the print queue and use a registered printer inside this classified network, configured by IP address.',
};

export const PRINTING_REASONS = {
  'printing.server-shared': {
    zh: '打印服务接受来自网络的连接（CUPS：Port 631 或 Listen 不限于本机）',
    en: 'the print server accepts connections from the network (CUPS: Port 631 or Listen beyond localhost)',
    remediation: STOP_SHARING,
  },
  'printing.server-config-missing': {
    zh: '无法判断打印服务是否共享打印队列：未找到其配置文件',
    en: 'cannot tell whether the print server shares its queues: its configuration was not found',
    remediation: {
      zh: '由安全保密管理员人工核查打印服务的共享设置（CUPS：cupsctl 查看 _share_printers 与监听地址）。',
      en: "The security office checks the print server's sharing by hand (CUPS: cupsctl shows _share_printers and where it listens).",
    },
  },
  'printing.queue-shared': {
    zh: '打印队列 {queue} 已设为共享',
    en: 'print queue {queue} is marked shared',
    remediation: STOP_SHARING,
  },
  'printing.not-shared': {
    zh: '{queues} 个打印队列均未共享，打印服务只在本机监听',
    en: 'none of {queues} print queues is shared, and the print server listens on this computer only',
  },
  'printing.not-installed': {
    zh: '未安装打印系统',
    en: 'no print system is installed',
  },
  'printing.no-network-printer': {
    zh: '{queues} 个打印队列中没有网络打印机',
    en: 'no network printer among {queues} print queues',
  },
  'printing.queue-host-name': {
    zh: '打印队列 {queue} 指向“{host}”，是主机名而非地址，无法证明其位于允许的网络内；请以 IP 地址配置打印机',
    en: 'print queue {queue} prints to "{host}", a name, not an address: it cannot be shown to lie inside the allowed networks; address the printer by IP',
    remediation: USE_REGISTERED_PRINTER,
  },
  'printing.queue-inside': {
    zh: '打印队列 {queue} 指向 {host}，位于允许的网络内',
    en: 'print queue {queue} prints to {host}, inside the allowed networks',
  },
  'printing.queue-outside': {
    zh: '打印队列 {queue} 指向 {host}，位于允许的网络（{allowed}）之外',
    en: 'print queue {queue} prints to {host}, outside the allowed networks ({allowed})',
    remediation: USE_REGISTERED_PRINTER,
  },
  'printing.auditing-on': {
    zh: '每个打印作业均有记录（{source}）',
    en: 'every print job is logged ({source})',
  },
  'printing.auditing-off': {
    zh: '打印作业未被记录（{source}）',
    en: 'print jobs are not logged ({source})',
    remediation: {
      zh: '开启打印审计：CUPS 保留作业记录（cupsd.conf 中 PreserveJobHistory Yes，PageLog 不为空）；Windows 启用 PrintService 操作日志。',
      en: 'Switch print auditing on: CUPS keeps job history (PreserveJobHistory Yes and a PageLog in cupsd.conf); Windows enables the PrintService operational log.',
    },
  },
  'printing.auditing-unknown': {
    zh: '无法判断打印作业是否被记录（{source}）',
    en: 'cannot tell whether print jobs are logged ({source})',
    remediation: {
      zh: '由安全保密管理员人工核查打印审计设置，确认每个打印作业都有记录。',
      en: 'The security office checks the print auditing settings by hand and confirms that every job is logged.',
    },
  },
} as const satisfies ReasonFamily;
