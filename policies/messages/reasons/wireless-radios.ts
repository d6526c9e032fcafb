// Reasons of agent/checks/wireless-radios.ts (3.7.8: wireless networking hardware removed). {kind} is the
// radio's kind as the kernel names it (wifi, bluetooth, wwan, other), {driver} and {bus} as sysfs gives them.

import type { ReasonFamily } from '../reason';

const REMOVE_RADIO = {
  zh: '物理拆除该无线模块（Wi‑Fi、蓝牙、移动通信或其他无线模块，含 USB 无线适配器），仅在软件或 rfkill 中关闭不算拆除；拆除后在台帐中记录。',
  en: 'Physically remove the radio module (Wi‑Fi, Bluetooth, WWAN or other, USB adapters included); switching it off in software or rfkill is not removal. Record the removal in the ledger.',
};

export const WIRELESS_RADIOS_REASONS = {
  'wireless-radios.present-no-rfkill': {
    zh: '本机存在无线模块 {name}（类型 {kind}，驱动 {driver}，总线 {bus}），且没有 rfkill 开关',
    en: '{kind} radio {name} (driver {driver}, bus {bus}) is present: no rfkill switch',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.present-hard-blocked': {
    zh: '本机存在无线模块 {name}（类型 {kind}，驱动 {driver}，总线 {bus}）：已被硬件 rfkill 关闭，但模块仍在',
    en: '{kind} radio {name} (driver {driver}, bus {bus}) is present: switched off by hardware rfkill, but still present',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.present-soft-blocked': {
    zh: '本机存在无线模块 {name}（类型 {kind}，驱动 {driver}，总线 {bus}）：已被软件 rfkill 关闭，但模块仍在',
    en: '{kind} radio {name} (driver {driver}, bus {bus}) is present: switched off by software rfkill, but still present',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.present-on': {
    zh: '本机存在无线模块 {name}（类型 {kind}，驱动 {driver}，总线 {bus}），且处于开启状态',
    en: '{kind} radio {name} (driver {driver}, bus {bus}) is present: switched on',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.pci-no-driver': {
    zh: 'PCI 无线控制器 {ids}（类型 {kind}，类别 {classCode}，插槽 {slot}）：未加载驱动（被禁用或缺失），但硬件仍在',
    en: 'PCI {kind} controller {ids} (class {classCode}) at {slot}: no driver bound (blacklisted or missing), still installed',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.pci-no-radio': {
    zh: 'PCI 无线控制器 {ids}（类型 {kind}，类别 {classCode}，插槽 {slot}）：驱动 {driver} 已加载，但 sysfs 中没有对应的无线设备',
    en: 'PCI {kind} controller {ids} (class {classCode}) at {slot}: driver {driver}, but no radio in sysfs',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.usb-device': {
    zh: 'USB 无线设备 {ids}（{product}，类型 {kind}）插在 {busPath} 端口，识别依据：{matchedBy}',
    en: 'USB {kind} device {ids} ({product}) at {busPath}, known by {matchedBy}, is plugged in',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.usb-device-no-driver': {
    zh: 'USB 无线设备 {ids}（{product}，类型 {kind}）插在 {busPath} 端口，识别依据：{matchedBy}（未加载驱动）',
    en: 'USB {kind} device {ids} ({product}) at {busPath}, known by {matchedBy}, is plugged in (no driver bound)',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.tool-reports-interface': {
    zh: '{tools} 报告了 Wi‑Fi 接口 {name}，但 sysfs 中没有无线设备拥有该接口',
    en: '{tools} reports Wi‑Fi interface {name}, which no radio in sysfs owns',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.tools-report-interface': {
    zh: '{tools} 均报告了 Wi‑Fi 接口 {name}，但 sysfs 中没有无线设备拥有该接口',
    en: '{tools} report Wi‑Fi interface {name}, which no radio in sysfs owns',
    remediation: REMOVE_RADIO,
  },
  'wireless-radios.no-wifi': {
    zh: '在 {sources}、{pciDevices} 个 PCI 设备和 {usbDevices} 个 USB 设备中均未发现 Wi‑Fi 无线网卡',
    en: 'no Wi‑Fi radio in {sources}, {pciDevices} PCI devices or {usbDevices} USB devices',
  },
  'wireless-radios.no-bluetooth': {
    zh: '在 {sources}、{pciDevices} 个 PCI 设备和 {usbDevices} 个 USB 设备中均未发现蓝牙控制器',
    en: 'no Bluetooth controller in {sources}, {pciDevices} PCI devices or {usbDevices} USB devices',
  },
  'wireless-radios.no-other': {
    zh: '在 {sources}、{pciDevices} 个 PCI 设备和 {usbDevices} 个 USB 设备中均未发现其他无线模块',
    en: 'no other radio in {sources}, {pciDevices} PCI devices or {usbDevices} USB devices',
  },
  'wireless-radios.no-wwan': {
    zh: '在 {sources} 和 {pciDevices} 个 PCI 设备中均未发现移动通信（4G/5G）模块',
    en: 'no WWAN modem in {sources} or {pciDevices} PCI devices',
  },
} as const satisfies ReasonFamily;
