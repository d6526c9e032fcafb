// Reasons of agent/checks/wireless-receivers.ts (3.7.8: no wireless keyboard or mouse).

import type { ReasonFamily } from '../reason';

const UNPLUG_RECEIVER = {
  zh: '拔除该无线接收器，改用有线键盘和鼠标；如系误报（有线设备名称含相同字样），报安全保密管理员核实。',
  en: 'Unplug the receiver and use a wired keyboard and mouse; if it is a wired device whose name merely matches, have the security office confirm it.',
};

export const WIRELESS_RECEIVERS_REASONS = {
  'wireless-receivers.known-id': {
    zh: '无线键盘/鼠标接收器 {ids}（{product}）插在 {busPath} 端口',
    en: 'wireless receiver {ids} ({product}) is plugged in at {busPath}',
    remediation: UNPLUG_RECEIVER,
  },
  'wireless-receivers.name-matches': {
    zh: '{busPath} 端口上的 HID 设备 {ids}“{product}”疑似无线接收器（名称含“{keyword}”）',
    en: 'HID device {ids} "{product}" at {busPath} looks like a wireless receiver (name contains "{keyword}")',
    remediation: UNPLUG_RECEIVER,
  },
  'wireless-receivers.none': {
    zh: '{devices} 个 USB 设备中没有无线键盘/鼠标接收器',
    en: 'no wireless keyboard/mouse receiver among {devices} USB devices',
  },
} as const satisfies ReasonFamily;
