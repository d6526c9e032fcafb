// The console's own words (its chrome and the words every page shares), Chinese and English side by side.
// Each page keeps the words only it uses in its own file, in the same shape; finding reasons come from the
// one reason catalogue (policies/messages), clause texts from policies/clause-titles.ts.
import type { Lang } from '../../policies/messages/language';
import type { Classification__Output } from '../../proto/generated/shoumi/v1/Classification';
import type { AdminRole } from '../pki/identity-names';

/** One text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** `text` in `lang`, with {name} placeholders filled from `params`. */
export function say(
  lang: Lang,
  text: Bilingual,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export const PRODUCT: Bilingual = { zh: '守密 · 管理控制台', en: 'shoumi console' };

export const ROLE_TEXT: Readonly<Record<AdminRole, Bilingual>> = {
  system_admin: { zh: '系统管理员', en: 'system administrator' },
  security_admin: { zh: '安全保密管理员', en: 'security administrator' },
  auditor: { zh: '安全审计员', en: 'auditor' },
};

/** Where a device stands (store/compliance-state.ts), and `silent`: seen once, not within the silence window. */
export const STATE_TEXT: Readonly<Record<string, Bilingual>> = {
  compliant: { zh: '合规', en: 'compliant' },
  failing: { zh: '不合规', en: 'failing' },
  not_judged: { zh: '未完成检查', en: 'not yet judged' },
  never_seen: { zh: '从未上线', en: 'never seen' },
  silent: { zh: '失联', en: 'silent' },
};

export const FINDING_STATUS_TEXT: Readonly<Record<string, Bilingual>> = {
  FAIL: { zh: '不通过', en: 'FAIL' },
  PASS: { zh: '通过', en: 'PASS' },
  ERROR: { zh: '无法判定', en: 'ERROR' },
  NOT_APPLICABLE: { zh: '不适用', en: 'N/A' },
  fail: { zh: '不通过', en: 'FAIL' },
  pass: { zh: '通过', en: 'PASS' },
  error: { zh: '无法判定', en: 'ERROR' },
  not_applicable: { zh: '不适用', en: 'N/A' },
};

export const CLASSIFICATION_TEXT: Readonly<Record<Classification__Output, Bilingual>> = {
  CLASSIFICATION_UNSPECIFIED: { zh: '未定密级', en: 'not set' },
  NON_CLASSIFIED: { zh: '非密', en: 'non-classified' },
  SECRET: { zh: '秘密', en: 'secret' },
  CONFIDENTIAL: { zh: '机密', en: 'confidential' },
  TOP_SECRET: { zh: '绝密', en: 'top secret' },
};

export const DEVICE_STATUS_TEXT: Readonly<Record<string, Bilingual>> = {
  in_service: { zh: '在用', en: 'in service' },
  under_repair: { zh: '维修', en: 'under repair' },
  retired: { zh: '报废', en: 'retired' },
};

/** Words the chrome and several pages use. */
export const COMMON = {
  skipToContent: { zh: '跳到正文', en: 'Skip to content' },
  signedInAs: { zh: '当前身份', en: 'Signed in as' },
  language: { zh: 'English', en: '中文' },
  filter: { zh: '筛选', en: 'Filter' },
  clear: { zh: '清除', en: 'Clear' },
  next: { zh: '下一页', en: 'Next page' },
  first: { zh: '第一页', en: 'First page' },
  none: { zh: '无', en: 'none' },
  all: { zh: '全部', en: 'all' },
  save: { zh: '保存', en: 'Save' },
  submit: { zh: '提交', en: 'Submit' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  never: { zh: '从未', en: 'never' },
  connected: { zh: '在线', en: 'online' },
  disconnected: { zh: '离线', en: 'offline' },
  timeZone: { zh: '时区', en: 'time zone' },
  live: { zh: '实时更新', en: 'live' },
  errorTitle: { zh: '出错了', en: 'Something went wrong' },
  forbiddenTitle: { zh: '无权访问', en: 'Not allowed' },
  forbidden: {
    zh: '本页属于{roles}的工作，当前身份为{role}。',
    en: 'This page is for the {roles}; you are the {role}.',
  },
  notFoundTitle: { zh: '找不到', en: 'Not found' },
  badRequestTitle: { zh: '请求有误', en: 'Bad request' },
  busyTitle: { zh: '请稍后再试', en: 'Try again shortly' },
  refusedTitle: { zh: '请求被拒绝', en: 'Request refused' },
} satisfies Record<string, Bilingual>;
