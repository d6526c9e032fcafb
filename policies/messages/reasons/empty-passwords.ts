// Reasons of agent/checks/host-controls.ts for accounts with empty passwords (3.7.5: identity
// authentication).

import type { ReasonFamily } from '../reason';

export const EMPTY_PASSWORDS_REASONS = {
  'empty-passwords.none': {
    zh: '{accounts} 个账户均未使用空口令',
    en: 'none of {accounts} accounts has an empty password',
  },
  'empty-passwords.empty': {
    zh: '账户 {account} 的口令为空',
    en: 'account {account} has an empty password',
    remediation: {
      zh: '为该账户设置符合要求的口令（passwd 账户名），不再使用的账户予以锁定或删除（passwd -l 账户名）。',
      en: 'Give the account a password that meets the rules (passwd ACCOUNT), or lock or delete an account no longer used (passwd -l ACCOUNT).',
    },
  },
} as const satisfies ReasonFamily;
