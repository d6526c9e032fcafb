// Reasons of agent/checks/host-controls.ts for the audit service (3.7.5: security audit).

import type { ReasonFamily } from '../reason';

export const AUDIT_SERVICE_REASONS = {
  'audit-service.running': {
    zh: '安全审计服务正在运行（{processes}）',
    en: 'the audit service runs ({processes})',
  },
  'audit-service.not-running': {
    zh: '安全审计服务（auditd）未运行',
    en: 'no audit daemon (auditd) is running',
    remediation: {
      zh: '启动审计服务并设为开机自启（Linux：systemctl enable --now auditd；Windows：启用事件日志服务），查明其停止的原因。',
      en: 'Start the audit service and have it start at boot (Linux: systemctl enable --now auditd; Windows: the Event Log service), and find out why it stopped.',
    },
  },
} as const satisfies ReasonFamily;
