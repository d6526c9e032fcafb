// Reasons of agent/checks/removable-media.ts for the USB storage plugged in now (3.7.4). A level is written
// as the ledger shows it in both languages, "秘密 (secret)"; {asset} is the medium's asset number (资产编号).

import type { ReasonFamily } from '../reason';

const REGISTER_OR_UNPLUG = {
  zh: '立即拔除该介质；确需使用的，由安全保密管理员在台帐中登记其密级、编号和责任人：shoumictl media register --vendor 厂商ID --product 产品ID --serial 序列号 --classification 密级 --asset-number 编号 --responsible 责任人。',
  en: 'Unplug the medium now; if it is needed, the security office registers its level, number and responsible person in the ledger: shoumictl media register --vendor VID --product PID --serial SERIAL --classification LEVEL --asset-number NUMBER --responsible PERSON.',
};

export const REMOVABLE_MEDIA_REASONS = {
  'removable-media.no-storage': {
    zh: '{devices} 个 USB 设备中没有 USB 存储设备',
    en: 'no USB storage device among {devices} USB devices',
  },
  'removable-media.no-serial': {
    zh: '{busPath} 端口上的 USB 存储设备 {ids} 没有序列号，无法与台帐中登记的介质对应',
    en: 'USB storage {ids} at {busPath} reports no serial number, so it cannot be matched to a registered medium',
    remediation: {
      zh: '立即拔除该介质：没有序列号的介质无法登记和追溯，不得在涉密计算机上使用；改用台帐中登记的专用移动存储介质。',
      en: 'Unplug the medium now: one without a serial number cannot be registered or traced and may not be used on a classified computer; use a medium registered in the ledger.',
    },
  },
  'removable-media.not-registered': {
    zh: 'USB 存储设备 {ids}（序列号 {serial}）不是台帐中登记的移动存储介质',
    en: 'USB storage {ids} serial {serial} is not a registered medium',
    remediation: REGISTER_OR_UNPLUG,
  },
  'removable-media.not-matched': {
    zh: '该介质未与台帐中登记的介质对应（见规则 usb-storage-registered）',
    en: 'not matched to a registered medium (see usb-storage-registered)',
  },
  'removable-media.registered': {
    zh: '已在台帐中登记，编号 {asset}',
    en: 'registered as medium {asset}',
  },
  'removable-media.level-host-unknown': {
    zh: '介质 {asset} 的密级为 {level}；本机密级尚未登记台帐，按 {judgedLevel} 判定',
    en: "medium {asset} is {level}; this computer's level is not in the ledger yet, so it is judged as {judgedLevel}",
    remediation: {
      zh: '拔除该介质；由安全保密管理员在台帐中登记本机密级（shoumictl device set 设备ID --classification 密级），再按密级使用登记介质。',
      en: "Unplug the medium; the security office records this computer's level in the ledger (shoumictl device set DEVICE --classification LEVEL), then media are used by level.",
    },
  },
  'removable-media.level-below-host': {
    zh: '介质 {asset} 的密级为 {level}，低于本机的 {hostLevel}',
    en: "medium {asset} is {level}, below this computer's {hostLevel}",
    remediation: {
      zh: '拔除该介质，改用与本机同级或更高密级的登记介质；核查该介质是否已存储超出其密级的信息。',
      en: 'Unplug the medium and use a registered one at or above this computer’s level; check whether it already holds information above its own level.',
    },
  },
  'removable-media.level-ok': {
    zh: '介质 {asset} 的密级为 {level}，不低于本机判定密级 {hostLevel}',
    en: 'medium {asset} is {level}, not below {hostLevel}',
  },
  'removable-media.in-use': {
    zh: '介质 {asset} 在台帐中的状态为在用',
    en: 'medium {asset} is recorded as in use',
  },
  'removable-media.retired-plugged-in': {
    zh: '介质 {asset}（责任人：{responsible}）在台帐中已报废，却接入了本机',
    en: 'medium {asset} (responsible: {responsible}) is recorded as retired but is plugged in',
    remediation: {
      zh: '立即收缴该介质并报告安全保密管理员，按泄密隐患处置（3.13.1）；查明报废介质为何仍在使用。',
      en: 'Seize the medium at once and report to the security office, to be handled as a possible leak (3.13.1); find out why a retired medium is still in use.',
    },
  },
  'removable-media.lost-plugged-in': {
    zh: '介质 {asset}（责任人：{responsible}）在台帐中已挂失，却接入了本机',
    en: 'medium {asset} (responsible: {responsible}) is recorded as lost but is plugged in',
    remediation: {
      zh: '立即收缴该介质并报告安全保密管理员，按泄密隐患处置（3.13.1）；查明丢失期间的去向，核实后方可在台帐中恢复其状态。',
      en: 'Seize the medium at once and report to the security office, to be handled as a possible leak (3.13.1); trace where it was while lost before its ledger status is restored.',
    },
  },
} as const satisfies ReasonFamily;
