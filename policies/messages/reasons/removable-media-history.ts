// Reasons of agent/checks/removable-media.ts for the USB storage the kernel log shows since boot (3.7.4).
// {medium} is the finding's subject (vendor:product:serial, or the port when there is no serial); times are
// ISO 8601 in UTC as the evidence has them; {times} counts the insertions since {since}.

import type { ReasonFamily } from '../reason';

const TRACE_UNREGISTERED = {
  zh: '按证据中的厂商、型号、序列号和接入时间查找该介质及使用人，报告安全保密管理员并核查拷贝过的内容；确属合规专用介质的，予以登记（shoumictl media register …）。',
  en: 'Find the medium and its user from the vendor, model, serial and times in the evidence, report to the security office and check what was copied; a medium that is in fact allowed is registered (shoumictl media register …).',
};
const TRACE_RETIRED_OR_LOST = {
  zh: '按证据中的时间查找该介质及使用人，收缴介质并报告安全保密管理员，按泄密隐患处置（3.13.1）。',
  en: 'Find the medium and its user from the times in the evidence, seize it and report to the security office, to be handled as a possible leak (3.13.1).',
};
const TRACE_LEVEL = {
  zh: '查找该介质及使用人，核查是否已拷入超出其密级的信息；今后改用与本机同级或更高密级的登记介质。',
  en: 'Find the medium and its user and check whether information above its level was copied to it; from now on use registered media at or above this computer’s level.',
};

export const REMOVABLE_MEDIA_HISTORY_REASONS = {
  'removable-media-history.none': {
    zh: '自 {since} 以来内核日志中没有 USB 存储设备接入记录',
    en: 'no USB storage in the kernel log since {since}',
  },
  'removable-media-history.registered-removed': {
    zh: '登记介质 {medium} 于 {insertedAt} 接入，{removedAt} 拔出',
    en: 'registered medium {medium} inserted at {insertedAt} and removed at {removedAt}',
  },
  'removable-media-history.registered-attached': {
    zh: '登记介质 {medium} 于 {insertedAt} 接入，至今未拔出',
    en: 'registered medium {medium} inserted at {insertedAt} and not removed since',
  },
  'removable-media-history.unregistered-removed': {
    zh: 'USB 存储设备 {medium}（{product}）不是台帐中登记的介质；内核日志显示其于 {insertedAt} 接入、{removedAt} 拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is not a registered medium; the kernel log shows it inserted at {insertedAt} and removed at {removedAt} ({times} times since {since})',
    remediation: TRACE_UNREGISTERED,
  },
  'removable-media-history.unregistered-attached': {
    zh: 'USB 存储设备 {medium}（{product}）不是台帐中登记的介质；内核日志显示其于 {insertedAt} 接入，至今未拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is not a registered medium; the kernel log shows it inserted at {insertedAt} and not removed since ({times} times since {since})',
    remediation: TRACE_UNREGISTERED,
  },
  'removable-media-history.retired-removed': {
    zh: 'USB 存储设备 {medium}（{product}）登记为 {asset}，但台帐中已报废；内核日志显示其于 {insertedAt} 接入、{removedAt} 拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is registered as {asset} but recorded as retired; the kernel log shows it inserted at {insertedAt} and removed at {removedAt} ({times} times since {since})',
    remediation: TRACE_RETIRED_OR_LOST,
  },
  'removable-media-history.retired-attached': {
    zh: 'USB 存储设备 {medium}（{product}）登记为 {asset}，但台帐中已报废；内核日志显示其于 {insertedAt} 接入，至今未拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is registered as {asset} but recorded as retired; the kernel log shows it inserted at {insertedAt} and not removed since ({times} times since {since})',
    remediation: TRACE_RETIRED_OR_LOST,
  },
  'removable-media-history.lost-removed': {
    zh: 'USB 存储设备 {medium}（{product}）登记为 {asset}，但台帐中已挂失；内核日志显示其于 {insertedAt} 接入、{removedAt} 拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is registered as {asset} but recorded as lost; the kernel log shows it inserted at {insertedAt} and removed at {removedAt} ({times} times since {since})',
    remediation: TRACE_RETIRED_OR_LOST,
  },
  'removable-media-history.lost-attached': {
    zh: 'USB 存储设备 {medium}（{product}）登记为 {asset}，但台帐中已挂失；内核日志显示其于 {insertedAt} 接入，至今未拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is registered as {asset} but recorded as lost; the kernel log shows it inserted at {insertedAt} and not removed since ({times} times since {since})',
    remediation: TRACE_RETIRED_OR_LOST,
  },
  'removable-media-history.level-below-removed': {
    zh: 'USB 存储设备 {medium}（{product}）登记为 {asset}，密级 {level}，低于 {hostLevel}；内核日志显示其于 {insertedAt} 接入、{removedAt} 拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is registered as {asset} at {level}, below {hostLevel}; the kernel log shows it inserted at {insertedAt} and removed at {removedAt} ({times} times since {since})',
    remediation: TRACE_LEVEL,
  },
  'removable-media-history.level-below-attached': {
    zh: 'USB 存储设备 {medium}（{product}）登记为 {asset}，密级 {level}，低于 {hostLevel}；内核日志显示其于 {insertedAt} 接入，至今未拔出（自 {since} 以来共接入 {times} 次）',
    en: 'USB storage {medium} ({product}) is registered as {asset} at {level}, below {hostLevel}; the kernel log shows it inserted at {insertedAt} and not removed since ({times} times since {since})',
    remediation: TRACE_LEVEL,
  },
} as const satisfies ReasonFamily;
