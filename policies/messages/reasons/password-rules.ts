// Reasons of agent/checks/password-rules.ts: password length, age, complexity and failed-login lockout judged
// against the parameters for the computer's 密级 (3.7.5: identity authentication). {level} is written
// "秘密 (secret)"; {source} is where the system sets the value (a PAM line, a file, a secedit key), quoted
// as the probe read it.

import type { ReasonFamily } from '../reason';

const SET_LEVEL = {
  zh: '由保密管理部门在台帐中登记本机密级（shoumictl ledger），登记后按该密级判定口令规则。',
  en: "The security office enters this computer's classification in the ledger (shoumictl ledger); the password rules are then judged for that level.",
};

const MAKE_READABLE = {
  zh: '以 root（Windows 上以管理员/LocalSystem）运行代理，并恢复所列文件或命令，使口令设置可以读取。',
  en: 'Run the agent as root (administrator or LocalSystem on Windows) and restore the file or command named, so that the setting can be read.',
};

const SET_LENGTH = {
  zh: '启用 pam_pwquality（requisite）并在 /etc/security/pwquality.conf 设置 minlen 不小于要求，正向 credit 设为 0；Windows 设置“密码长度最小值”。',
  en: 'Enable pam_pwquality (requisite) and set minlen in /etc/security/pwquality.conf to at least the requirement, with no positive credits; on Windows set "Minimum password length".',
};

const SET_AGE = {
  zh: '对所列账户执行 chage -M 天数 账户名（login.defs 的 PASS_MAX_DAYS 只影响新建账户）；Windows 设置“密码最长使用期限”并取消该账户的“密码永不过期”。',
  en: 'Run chage -M DAYS ACCOUNT for the account (login.defs PASS_MAX_DAYS only affects new accounts); on Windows set "Maximum password age" and clear the account\'s "Password never expires".',
};

const SET_CLASSES = {
  zh: '在 /etc/security/pwquality.conf 设置 minclass 不小于要求（或将 dcredit/ucredit/lcredit/ocredit 设为负数）；Windows 启用“密码必须符合复杂性要求”。',
  en: 'Set minclass in /etc/security/pwquality.conf to at least the requirement (or make dcredit/ucredit/lcredit/ocredit negative); on Windows enable "Password must meet complexity requirements".',
};

const SET_LOCKOUT = {
  zh: '在 common-auth（或 system-auth）中启用 pam_faillock（preauth 与 authfail），在 /etc/security/faillock.conf 设置 deny 与 unlock_time；Windows 设置“账户锁定阈值”和“账户锁定时间”。',
  en: 'Enable pam_faillock (preauth and authfail) in common-auth (or system-auth) and set deny and unlock_time in /etc/security/faillock.conf; on Windows set "Account lockout threshold" and "Account lockout duration".',
};

export const PASSWORD_RULES_REASONS = {
  'password-rules.classification-unknown': {
    zh: '本机密级尚未登记台帐，无法按密级判定口令规则',
    en: "this computer's classification is not in the ledger yet, so its password rules cannot be judged",
    remediation: SET_LEVEL,
  },
  'password-rules.level-not-judged': {
    zh: '策略未规定 {level} 计算机的该项口令要求',
    en: 'the policy sets no such password requirement for {level} computers',
  },
  'password-rules.min-length-unreadable': {
    zh: '无法读取口令最短长度设置：{detail}',
    en: 'cannot read the minimum password length: {detail}',
    remediation: MAKE_READABLE,
  },
  'password-rules.max-age-unreadable': {
    zh: '无法读取账户的口令最长使用期限：{detail}',
    en: "cannot read the accounts' maximum password ages: {detail}",
    remediation: MAKE_READABLE,
  },
  'password-rules.classes-unreadable': {
    zh: '无法读取口令复杂度设置：{detail}',
    en: 'cannot read the password complexity setting: {detail}',
    remediation: MAKE_READABLE,
  },
  'password-rules.lockout-unreadable': {
    zh: '无法读取登录失败锁定设置：{detail}',
    en: 'cannot read the failed-login lockout setting: {detail}',
    remediation: MAKE_READABLE,
  },
  'password-rules.hardware-token-unreadable': {
    zh: '口令未达到要求，而硬件令牌登录设置无法读取（令牌可代替该项要求）：{detail}',
    en: 'the password falls short, and the hardware-token login settings (which could stand in for it) cannot be read: {detail}',
    remediation: MAKE_READABLE,
  },
  'password-rules.hardware-token': {
    zh: '{level}：登录须使用硬件令牌（{module}，{at}），策略认可其代替该项口令要求',
    en: '{level}: logging in requires a hardware token ({module}, {at}), which the policy accepts in place of this password requirement',
  },
  'password-rules.min-length-ok': {
    zh: '{level}：最短口令 {found} 位，要求至少 {required} 位（{source}）',
    en: '{level}: shortest password accepted is {found} characters; at least {required} required ({source})',
  },
  'password-rules.min-length-short': {
    zh: '{level}：系统接受短至 {found} 位的口令，要求至少 {required} 位（{source}）',
    en: '{level}: passwords as short as {found} characters are accepted; at least {required} required ({source})',
    remediation: SET_LENGTH,
  },
  'password-rules.min-length-none': {
    zh: '{level}：系统未强制口令最短长度，要求至少 {required} 位',
    en: '{level}: nothing enforces a minimum password length; at least {required} characters required',
    remediation: SET_LENGTH,
  },
  'password-rules.max-age-ok': {
    zh: '{level}：{accounts} 个口令账户的口令最长使用期限均不超过 {required} 天',
    en: '{level}: the passwords of all {accounts} password accounts expire within {required} days',
  },
  'password-rules.no-password-accounts': {
    zh: '{level}：没有可用口令登录的账户',
    en: '{level}: no account can log in with a password',
  },
  'password-rules.max-age-long': {
    zh: '{level}：账户 {account} 的口令可使用 {found} 天，要求不超过 {required} 天（{source}）',
    en: '{level}: account {account} may keep its password {found} days; at most {required} allowed ({source})',
    remediation: SET_AGE,
  },
  'password-rules.max-age-never': {
    zh: '{level}：账户 {account} 的口令永不过期，要求不超过 {required} 天（{source}）',
    en: '{level}: the password of account {account} never expires; at most {required} days allowed ({source})',
    remediation: SET_AGE,
  },
  'password-rules.classes-ok': {
    zh: '{level}：口令须含 {found} 类字符，要求至少 {required} 类（{source}）',
    en: '{level}: passwords must mix {found} character classes; at least {required} required ({source})',
  },
  'password-rules.classes-few': {
    zh: '{level}：口令只须含 {found} 类字符，要求至少 {required} 类（{source}）',
    en: '{level}: passwords need mix only {found} character classes; at least {required} required ({source})',
    remediation: SET_CLASSES,
  },
  'password-rules.classes-none': {
    zh: '{level}：系统未要求口令混合多类字符，要求至少 {required} 类',
    en: '{level}: nothing makes passwords mix character classes; at least {required} required',
    remediation: SET_CLASSES,
  },
  'password-rules.lockout-ok': {
    zh: '{level}：连续失败 {attempts} 次锁定 {minutes} 分钟（要求不超过 {maxAttempts} 次、至少 {minUnlock} 分钟；{source}）',
    en: '{level}: locks for {minutes} min after {attempts} failed logins (at most {maxAttempts} attempts and at least {minUnlock} min required; {source})',
  },
  'password-rules.lockout-ok-until-unlocked': {
    zh: '{level}：连续失败 {attempts} 次锁定，须管理员解锁（要求不超过 {maxAttempts} 次；{source}）',
    en: '{level}: locks after {attempts} failed logins until an administrator unlocks it (at most {maxAttempts} attempts required; {source})',
  },
  'password-rules.lockout-none': {
    zh: '{level}：登录失败不会锁定账户，要求连续失败不超过 {maxAttempts} 次即锁定',
    en: '{level}: failed logins never lock the account; it must lock after at most {maxAttempts}',
    remediation: SET_LOCKOUT,
  },
  'password-rules.lockout-late': {
    zh: '{level}：连续失败 {attempts} 次才锁定，要求不超过 {maxAttempts} 次（{source}）',
    en: '{level}: locks only after {attempts} failed logins; at most {maxAttempts} allowed ({source})',
    remediation: SET_LOCKOUT,
  },
  'password-rules.lockout-short': {
    zh: '{level}：锁定 {minutes} 分钟后自动解锁，要求至少 {minUnlock} 分钟（{source}）',
    en: '{level}: unlocks by itself after {minutes} min; at least {minUnlock} min required ({source})',
    remediation: SET_LOCKOUT,
  },
} as const satisfies ReasonFamily;
