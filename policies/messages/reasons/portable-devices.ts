// Reasons of agent/checks/portable-devices.ts (3.7.4: a phone or camera is a personal removable medium).
// {modes} are the policy's mode names (mtp, ptp, adb, ...); {matchedBy} says which interface showed it.

import type { ReasonFamily } from '../reason';

export const PORTABLE_DEVICES_REASONS = {
  'portable-devices.attached': {
    zh: '手机或相机 {ids}（{product}）以 {modes} 方式连接在 {busPath} 端口，识别依据：{matchedBy}',
    en: 'phone or camera {ids} ({product}) at {busPath} is attached in {modes} mode: {matchedBy}',
    remediation: {
      zh: '立即拔除手机或相机，不得用其传输文件或在涉密计算机上充电；由安全保密管理员核查是否已拷出文件。',
      en: 'Unplug the phone or camera now; it may not move files or charge from a classified computer. The security office checks whether files were copied.',
    },
  },
  'portable-devices.none': {
    zh: '{devices} 个 USB 设备中没有以策略所列任何方式连接的手机或相机',
    en: 'no phone or camera (in any mode of the policy) among {devices} USB devices',
  },
} as const satisfies ReasonFamily;
