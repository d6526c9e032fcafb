// Reasons of agent/checks/network-interfaces.ts (3.7.4: no road off the classified network through a
// network interface). {allowed} lists the networks this computer may reach (the ledger's, else the policy's).

import type { ReasonFamily } from '../reason';

const REMOVE_TUNNEL = {
  zh: '卸载 VPN、隧道或拨号软件并删除该接口，查明其安装人和用途并报告安全保密管理员。',
  en: 'Uninstall the VPN, tunnel or dial-up software and delete the interface; find who installed it and why, and report to the security office.',
};
const UNPLUG_ADAPTER = {
  zh: '拔除该 USB 网卡或以 USB 共享网络的手机，查明是否已经外联并报告安全保密管理员。',
  en: 'Unplug the USB network adapter or tethering phone, find out whether it reached outside, and report to the security office.',
};
const REMOVE_ADDRESS = {
  zh: '删除该地址或断开该网卡；如该网络确属本涉密网络，由安全保密管理员在台帐中补登本机允许的网络（shoumictl device set 设备ID --allowed-networks 网段）。',
  en: "Remove the address or disconnect the interface; if that network is in fact part of this classified network, the security office adds it to this computer's allowed networks in the ledger (shoumictl device set DEVICE --allowed-networks CIDR).",
};

export const NETWORK_INTERFACES_REASONS = {
  'network-interfaces.no-tunnel': {
    zh: '{interfaces} 个网络接口中没有隧道、VPN 或拨号接口',
    en: 'no tunnel, VPN or dial-up interface among {interfaces} interfaces',
  },
  'network-interfaces.tunnel-kind': {
    zh: '{name} 是 {kind} 类型接口（VPN、隧道或拨号）',
    en: '{name} is a {kind} interface (VPN, tunnel or dial-up)',
    remediation: REMOVE_TUNNEL,
  },
  'network-interfaces.tunnel-kind-addresses': {
    zh: '{name} 是 {kind} 类型接口（VPN、隧道或拨号），地址 {addresses}',
    en: '{name} is a {kind} interface (VPN, tunnel or dial-up) with {addresses}',
    remediation: REMOVE_TUNNEL,
  },
  'network-interfaces.vpn-name': {
    zh: '{name} 的名称与 VPN 客户端创建的接口相同（系统报告的类型：{kind}）',
    en: "{name} is named like a VPN client's interface (kind reported: {kind})",
    remediation: REMOVE_TUNNEL,
  },
  'network-interfaces.no-usb-adapter': {
    zh: '{interfaces} 个网络接口中没有 USB 网卡',
    en: 'no network interface on USB among {interfaces} interfaces',
  },
  'network-interfaces.usb-adapter': {
    zh: '{name} 是 USB 网卡（USB 设备 {device}，端口 {busPath}），驱动 {driver}',
    en: '{name} is a USB network adapter (USB {device} at {busPath}), driver {driver}',
    remediation: UNPLUG_ADAPTER,
  },
  'network-interfaces.usb-adapter-no-device': {
    zh: '{name} 是 USB 网卡，驱动 {driver}',
    en: '{name} is a USB network adapter, driver {driver}',
    remediation: UNPLUG_ADAPTER,
  },
  'network-interfaces.attached-none': {
    zh: '未接入任何网络',
    en: 'attached to no network',
  },
  'network-interfaces.attached-one': {
    zh: '经 {interfaces} 接入同一个网络',
    en: 'attached to one network through {interfaces}',
  },
  'network-interfaces.attached-several': {
    zh: '同时接入了 {count} 个不同的网络：{networks}',
    en: 'attached to {count} different networks at once: {networks}',
    remediation: {
      zh: '断开多余的网络连接，只保留涉密网；查明另一网络的来源并报告安全保密管理员。',
      en: 'Disconnect every network but the classified one; find where the other comes from and report to the security office.',
    },
  },
  'network-interfaces.address-unparsable': {
    zh: '无法判定地址“{address}”：不是带前缀长度的地址',
    en: 'cannot judge the address "{address}": not an address with a prefix length',
    remediation: {
      zh: '由安全保密管理员人工核查该接口的地址是否位于允许的网络内，并将本条结果报送守密维护方。',
      en: "The security office checks by hand whether the interface's address lies inside the allowed networks, and sends this finding to shoumi's maintainers.",
    },
  },
  'network-interfaces.address-outside': {
    zh: '{holder} 持有地址 {address}，位于允许的网络（{allowed}）之外',
    en: '{holder} holds {address}, outside the allowed networks ({allowed})',
    remediation: REMOVE_ADDRESS,
  },
  'network-interfaces.unattributed-address-outside': {
    zh: '本机持有地址 {address}（无法确定所属接口），位于允许的网络（{allowed}）之外',
    en: '(no interface known) holds {address}, outside the allowed networks ({allowed})',
    remediation: REMOVE_ADDRESS,
  },
  'network-interfaces.addresses-inside': {
    zh: '全部 {count} 个全局地址均位于允许的网络内',
    en: 'all {count} global addresses lie inside the allowed networks',
  },
} as const satisfies ReasonFamily;
