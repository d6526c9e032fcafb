// Reasons of agent/checks/network-services.ts (3.7.4: name resolution and proxies that lead off the
// classified network). {source} is the file or setting the server or proxy was read from.

import type { ReasonFamily } from '../reason';

const REMOVE_PROXY = {
  zh: '删除该代理设置（系统设置、http_proxy 等环境变量、浏览器或软件包管理器配置）；确需代理的，只能配置为允许的网络内的地址。',
  en: 'Remove the proxy setting (system settings, http_proxy and similar variables, browser or package manager configuration); a proxy that is needed is configured by an address inside the allowed networks.',
};
const CHECK_FORWARDER = {
  zh: '由安全保密管理员核查该本机转发程序的上游地址是否均在允许的网络内；无法确认的，停用该转发程序。',
  en: 'The security office checks that every upstream of the local forwarder lies inside the allowed networks; one that cannot be shown to is switched off.',
};

export const NETWORK_SERVICES_REASONS = {
  'network-services.dns-unparsable': {
    zh: '无法判定：{detail}',
    en: 'cannot judge: {detail}',
    remediation: {
      zh: '由安全保密管理员人工核查该 DNS 服务器配置，并将本条结果报送守密维护方。',
      en: "The security office checks the DNS server setting by hand and sends this finding to shoumi's maintainers.",
    },
  },
  'network-services.dns-local-resolver': {
    zh: '{server} 是本机解析服务，代理程序无法得知其向何处转发查询',
    en: '{server} is a local resolver; where it forwards queries is not known to the agent',
    remediation: CHECK_FORWARDER,
  },
  'network-services.dns-outside': {
    zh: 'DNS 服务器 {server}（{source}）位于允许的网络（{allowed}）之外',
    en: 'DNS server {server} ({source}) is outside the allowed networks ({allowed})',
    remediation: {
      zh: '删除该 DNS 服务器配置，只使用本涉密网络内的解析服务器；查明是谁、为何配置了外部 DNS。',
      en: 'Remove the DNS server and use only resolvers inside this classified network; find who set the outside server and why.',
    },
  },
  'network-services.dns-none': {
    zh: '未配置 DNS 服务器',
    en: 'no DNS server configured',
  },
  'network-services.dns-inside': {
    zh: '全部 {count} 个 DNS 服务器均位于允许的网络内',
    en: 'all {count} DNS servers lie inside the allowed networks',
  },
  'network-services.proxy-by-name': {
    zh: '{scheme} 代理 {url}（{source}）以主机名指定，无法证明其位于允许的网络内；请改为以地址配置，或删除该代理',
    en: '{scheme} proxy {url} ({source}) is given by name; it cannot be shown to be inside the allowed networks — configure it by address, or remove it',
    remediation: REMOVE_PROXY,
  },
  'network-services.proxy-local': {
    zh: '{scheme} 代理 {url}（{source}）是本机转发程序，代理程序无法得知其向何处转发',
    en: '{scheme} proxy {url} ({source}) is a local forwarder; where it forwards is not known to the agent',
    remediation: CHECK_FORWARDER,
  },
  'network-services.proxy-outside': {
    zh: '{scheme} 代理 {url}（{source}）位于允许的网络（{allowed}）之外',
    en: '{scheme} proxy {url} ({source}) is outside the allowed networks ({allowed})',
    remediation: REMOVE_PROXY,
  },
  'network-services.proxy-none': {
    zh: '{files} 个配置文件中均未配置代理',
    en: 'no proxy configured in {files} setting files',
  },
  'network-services.proxy-inside': {
    zh: '全部 {count} 个代理均位于允许的网络内',
    en: 'all {count} proxies lie inside the allowed networks',
  },
} as const satisfies ReasonFamily;
