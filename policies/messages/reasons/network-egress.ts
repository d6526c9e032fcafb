// Reasons of agent/checks/network-egress.ts (3.7.4: no way off the classified network through routes or
// connections). {allowed} lists the networks this computer may reach (the ledger's, else the policy's).

import type { ReasonFamily } from '../reason';

const ALLOWED_NETWORKS_NOTE =
  '；如该网络确属本涉密网络，由安全保密管理员在台帐中补登本机允许的网络（shoumictl device set 设备ID --allowed-networks 网段）';
const ALLOWED_NETWORKS_NOTE_EN =
  "; if that network is in fact part of this classified network, the security office adds it to this computer's allowed networks in the ledger (shoumictl device set DEVICE --allowed-networks CIDR)";

const CUT_CONNECTION = {
  zh: `立即断开该连接，查明发起程序和使用人（连接已关闭的同样要查明）并报告安全保密管理员${ALLOWED_NETWORKS_NOTE}。`,
  en: `Cut the connection now, find the program and user that made it (a closed one too) and report to the security office${ALLOWED_NETWORKS_NOTE_EN}.`,
};
const REMOVE_ROUTE = {
  zh: `删除该默认路由并查明其来源（拨号、VPN 或手工配置）${ALLOWED_NETWORKS_NOTE}。`,
  en: `Delete the default route and find what set it (dial-up, a VPN, a manual change)${ALLOWED_NETWORKS_NOTE_EN}.`,
};
const CHECK_BY_HAND = {
  zh: '由安全保密管理员人工核查该地址是否位于允许的网络内，并将本条结果报送守密维护方。',
  en: "The security office checks by hand whether the address lies inside the allowed networks, and sends this finding to shoumi's maintainers.",
};

export const NETWORK_EGRESS_REASONS = {
  'network-egress.no-default-route': {
    zh: '{routes} 条路由中没有默认路由',
    en: 'no default route among {routes} routes',
  },
  'network-egress.on-link-default-route': {
    zh: 'IPv{family} 默认路由不经网关，直接从 {interface} 接口出网',
    en: 'IPv{family} default route goes straight out of {interface} with no gateway',
    remediation: REMOVE_ROUTE,
  },
  'network-egress.gateway-unparsable': {
    zh: '无法判定网关：{detail}',
    en: 'cannot judge the gateway: {detail}',
    remediation: CHECK_BY_HAND,
  },
  'network-egress.gateway-allowed': {
    zh: '默认路由经 {interface} 接口的网关 {gateway}，位于允许的网络内',
    en: 'default route via {gateway} on {interface}, inside the allowed networks',
  },
  'network-egress.gateway-outside': {
    zh: 'IPv{family} 默认路由经 {interface} 接口的网关 {gateway}，该网关位于允许的网络（{allowed}）之外',
    en: 'IPv{family} default route via {gateway} on {interface}: the gateway is outside the allowed networks ({allowed})',
    remediation: REMOVE_ROUTE,
  },
  'network-egress.peer-live': {
    zh: '存在到 {peer} 的 {protocol} 连接（{sockets} 个套接字：{states}），对端位于允许的网络（{allowed}）之外',
    en: 'live {protocol} connection to {peer} ({sockets} sockets: {states}), outside the allowed networks ({allowed})',
    remediation: CUT_CONNECTION,
  },
  'network-egress.peer-live-one': {
    zh: '存在到 {peer} 的 {protocol} 连接（1 个套接字：{states}），对端位于允许的网络（{allowed}）之外',
    en: 'live {protocol} connection to {peer} (1 socket: {states}), outside the allowed networks ({allowed})',
    remediation: CUT_CONNECTION,
  },
  'network-egress.peer-closed': {
    zh: '刚关闭的到 {peer} 的 {protocol} 连接（{sockets} 个套接字：{states}；处于关闭过程的套接字说明约一分钟内曾有该连接），对端位于允许的网络（{allowed}）之外',
    en: 'recently closed {protocol} connection to {peer} ({sockets} sockets: {states}; a closing socket shows the connection existed within about the last minute), outside the allowed networks ({allowed})',
    remediation: CUT_CONNECTION,
  },
  'network-egress.peer-closed-one': {
    zh: '刚关闭的到 {peer} 的 {protocol} 连接（1 个套接字：{states}；处于关闭过程的套接字说明约一分钟内曾有该连接），对端位于允许的网络（{allowed}）之外',
    en: 'recently closed {protocol} connection to {peer} (1 socket: {states}; a closing socket shows the connection existed within about the last minute), outside the allowed networks ({allowed})',
    remediation: CUT_CONNECTION,
  },
  'network-egress.peer-unparsable': {
    zh: '无法判定连接对端：{detail}',
    en: 'cannot judge the peer: {detail}',
    remediation: CHECK_BY_HAND,
  },
  'network-egress.peers-inside-one': {
    zh: '仅有的 1 个连接位于本机或允许的网络内',
    en: 'the one connection stays on this computer or inside the allowed networks',
  },
  'network-egress.peers-inside': {
    zh: '全部 {connections} 个连接均位于本机或允许的网络内',
    en: 'all {connections} connections stay on this computer or inside the allowed networks',
  },
  'network-egress.peers-inside-one-own-link': {
    zh: '仅有的 1 个连接位于本机或允许的网络内（另有 {ownLinks} 个套接字属于本机代理与采集服务器之间的连接）',
    en: "the one connection stays on this computer or inside the allowed networks (and {ownLinks} socket(s) of the agent's own link to its collector)",
  },
  'network-egress.peers-inside-own-link': {
    zh: '全部 {connections} 个连接均位于本机或允许的网络内（另有 {ownLinks} 个套接字属于本机代理与采集服务器之间的连接）',
    en: "all {connections} connections stay on this computer or inside the allowed networks (and {ownLinks} socket(s) of the agent's own link to its collector)",
  },
} as const satisfies ReasonFamily;
