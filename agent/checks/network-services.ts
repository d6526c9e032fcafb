// 3.7.4: name resolution and proxies that lead off the classified network.
//   dns-servers-allowed — every DNS server lies inside the allowed networks (ledger's list, else the
//     rule's). A loopback server is a local resolver, judged by where it forwards: systemd-resolved's stub
//     (127.0.0.53) passes on its own, because the probe reads its upstream servers and each is judged in
//     turn; any other loopback resolver (dnsmasq, unbound) is an `error`, since where it forwards is not
//     known to the agent. One finding per server that does not pass.
//   proxy-allowed — every configured proxy's host is an IP address inside the allowed networks. A proxy
//     given by name fails: it cannot be shown to be inside the allowed networks without resolving it,
//     which the agent does not do (a name can point anywhere tomorrow), and a proxy is a way out by
//     design; the remedy is to configure the proxy by address. A loopback proxy (a local forwarder such as
//     cntlm) is an `error`, for the same reason as a local resolver. One finding per proxy setting.
// Each rule reads only its own fact (ruleNeeds): a machine without /etc/resolv.conf has its DNS rule in
// error and its proxies still judged.

import { LOCAL_ONLY_NETWORKS, networkContains, parseIpAddress } from '../../policies/ip-network';
import { reasonOf } from '../../policies/messages/reason-catalogue';
import type { DnsServerFact, ProxyFact } from '../facts';
import { type AllowedNetworks, allowedNetworksFor } from './allowed-networks';
import type { Check, CheckOutcome } from './check';

const DNS = 'dns-servers-allowed';
const PROXY = 'proxy-allowed';
const RESOLVED_STUB = '127.0.0.53';

function allowedEvidence(allowed: AllowedNetworks) {
  return { allowedNetworks: allowed.cidrs, allowedNetworksFrom: allowed.source };
}

function allowedText(allowed: AllowedNetworks): string {
  return allowed.cidrs.join(', ') || 'none';
}

function judgeDns(servers: readonly DnsServerFact[], allowed: AllowedNetworks): CheckOutcome[] {
  const outcomes: CheckOutcome[] = [];
  for (const server of servers) {
    const subject = `${server.address} (${server.source})`;
    const evidence = { server, ...allowedEvidence(allowed) };
    const address = parseIpAddress(server.address);
    if (!address.ok) {
      outcomes.push({
        ruleId: DNS,
        subject,
        status: 'error',
        evidence,
        reason: reasonOf('network-services.dns-unparsable', { detail: address.reason }),
      });
      continue;
    }
    if (allowed.networks.some((network) => networkContains(network, address.value))) continue;
    if (LOCAL_ONLY_NETWORKS.some((network) => networkContains(network, address.value))) {
      if (server.address === RESOLVED_STUB) continue;
      outcomes.push({
        ruleId: DNS,
        subject,
        status: 'error',
        evidence,
        reason: reasonOf('network-services.dns-local-resolver', { server: server.address }),
      });
      continue;
    }
    outcomes.push({
      ruleId: DNS,
      subject,
      status: 'fail',
      evidence,
      reason: reasonOf('network-services.dns-outside', {
        server: server.address,
        source: server.source,
        allowed: allowedText(allowed),
      }),
    });
  }
  if (outcomes.length > 0) return outcomes;
  return [
    {
      ruleId: DNS,
      subject: '',
      status: 'pass',
      evidence: { servers: servers.map((server) => server.address), ...allowedEvidence(allowed) },
      reason:
        servers.length === 0
          ? reasonOf('network-services.dns-none', {})
          : reasonOf('network-services.dns-inside', { count: String(servers.length) }),
    },
  ];
}

function judgeProxies(proxies: readonly ProxyFact[], sources: readonly string[], allowed: AllowedNetworks) {
  const outcomes: CheckOutcome[] = [];
  for (const proxy of proxies) {
    const subject = `${proxy.source} ${proxy.host}${proxy.port === null ? '' : `:${proxy.port}`}`;
    const evidence = { proxy, ...allowedEvidence(allowed) };
    const named = { scheme: proxy.scheme, url: proxy.url, source: proxy.source };
    const address = parseIpAddress(proxy.host);
    if (!address.ok) {
      outcomes.push({
        ruleId: PROXY,
        subject,
        status: 'fail',
        evidence,
        reason: reasonOf('network-services.proxy-by-name', named),
      });
      continue;
    }
    if (allowed.networks.some((network) => networkContains(network, address.value))) continue;
    const local = LOCAL_ONLY_NETWORKS.some((network) => networkContains(network, address.value));
    outcomes.push(
      local
        ? {
            ruleId: PROXY,
            subject,
            status: 'error',
            evidence,
            reason: reasonOf('network-services.proxy-local', named),
          }
        : {
            ruleId: PROXY,
            subject,
            status: 'fail',
            evidence,
            reason: reasonOf('network-services.proxy-outside', { ...named, allowed: allowedText(allowed) }),
          },
    );
  }
  if (outcomes.length > 0) return outcomes;
  return [
    {
      ruleId: PROXY,
      subject: '',
      status: 'pass' as const,
      evidence: { proxies: proxies.length, sourcesRead: sources, ...allowedEvidence(allowed) },
      reason:
        proxies.length === 0
          ? reasonOf('network-services.proxy-none', { files: String(sources.length) })
          : reasonOf('network-services.proxy-inside', { count: String(proxies.length) }),
    },
  ];
}

export const networkServicesCheck: Check = {
  family: 'network-services',
  ruleIds: [DNS, PROXY],
  needs: ['dns', 'proxies'],
  ruleNeeds: { [DNS]: ['dns'], [PROXY]: ['proxies'] },
  judge(facts, context) {
    const outcomes: CheckOutcome[] = [];
    const dnsRule = context.rules.get(DNS);
    if (dnsRule) {
      if (!facts.dns.ok) throw new Error('engine ran dns-servers-allowed without dns facts');
      outcomes.push(...judgeDns(facts.dns.facts.servers, allowedNetworksFor(dnsRule, context.ledger)));
    }
    const proxyRule = context.rules.get(PROXY);
    if (proxyRule) {
      if (!facts.proxies.ok) throw new Error('engine ran proxy-allowed without proxies facts');
      outcomes.push(
        ...judgeProxies(
          facts.proxies.facts.proxies,
          facts.proxies.facts.sources,
          allowedNetworksFor(proxyRule, context.ledger),
        ),
      );
    }
    return outcomes;
  },
};
