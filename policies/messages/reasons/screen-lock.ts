// Reasons of agent/checks/host-controls.ts for the screen lock (3.7.5: identity authentication and access
// control). {desktop} is the desktop whose setting was read (gnome, ukui, ...).

import type { ReasonFamily } from '../reason';

const SET_LOCK = {
  zh: '在系统级设置中开启屏幕锁定，空闲等待时间不超过策略规定的时长，并锁定该设置使用户不能更改（如 dconf 的 locks 目录）。',
  en: "Switch the screen lock on in the system-wide settings with an idle delay within the policy's limit, and lock the setting so users cannot change it (dconf locks, for example).",
};

export const SCREEN_LOCK_REASONS = {
  'screen-lock.off': {
    zh: '{desktop}：屏幕锁定已关闭',
    en: '{desktop}: screen lock is switched off',
    remediation: SET_LOCK,
  },
  'screen-lock.never-idle': {
    zh: '{desktop}：屏幕永不进入空闲状态（等待时间为 0）',
    en: '{desktop}: the screen never goes idle (delay 0)',
    remediation: SET_LOCK,
  },
  'screen-lock.too-late': {
    zh: '{desktop}：空闲 {seconds} 秒后才锁屏，最多允许 {maxSeconds} 秒',
    en: '{desktop}: locks after {seconds} s idle; at most {maxSeconds} s allowed',
    remediation: SET_LOCK,
  },
  'screen-lock.unknown-whether': {
    zh: '{desktop}：该设置未说明是否锁屏',
    en: '{desktop}: the setting does not say whether the screen locks',
    remediation: SET_LOCK,
  },
  'screen-lock.unknown-delay': {
    zh: '{desktop}：该设置未说明空闲多久后锁屏',
    en: '{desktop}: the setting does not say after how long',
    remediation: SET_LOCK,
  },
  'screen-lock.ok': {
    zh: '{desktop}：空闲 {seconds} 秒后锁屏，最多允许 {maxSeconds} 秒',
    en: '{desktop}: locks after {seconds} s idle; at most {maxSeconds} s allowed',
  },
  'screen-lock.no-setting': {
    zh: '未找到系统级的屏幕锁定设置',
    en: 'no system-wide screen lock setting was found',
    remediation: SET_LOCK,
  },
} as const satisfies ReasonFamily;
