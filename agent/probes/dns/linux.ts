// DNS servers from /etc/resolv.conf. When it names systemd-resolved's stub (127.0.0.53), the servers that
// really receive the queries are in /run/systemd/resolve/resolv.conf, which resolved keeps current: both are
// read and each server names the file it came from, so a check judges the stub by its upstreams.
// /etc/resolv.conf is required (no file means the probe cannot say where names are resolved); the upstream
// file is required once the stub is named, since without it the real servers are unknown.

import type { DnsFacts, DnsServerFact } from '../../facts';
import { readSource } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { parseResolvConf } from './resolv-conf';

const RESOLV_CONF = '/etc/resolv.conf';
const RESOLVED_UPSTREAMS = '/run/systemd/resolve/resolv.conf';
const RESOLVED_STUB = '127.0.0.53';

export const linuxDnsProbe: Probe<'dns'> = {
  fact: 'dns',
  async read(root) {
    const observedAtMs = Date.now();
    const main = await readSource(root, 'etc', 'resolv.conf');
    if (!main.ok) return unavailable(RESOLV_CONF, main.reason, observedAtMs);
    const parsed = parseResolvConf(main.text);
    const servers: DnsServerFact[] = parsed.nameservers.map((address) => ({ address, source: RESOLV_CONF }));
    let searchDomains = parsed.searchDomains;
    if (parsed.nameservers.includes(RESOLVED_STUB)) {
      const upstream = await readSource(root, 'run', 'systemd', 'resolve', 'resolv.conf');
      if (!upstream.ok) {
        return unavailable(
          RESOLV_CONF,
          `${RESOLV_CONF} names the systemd-resolved stub ${RESOLVED_STUB}, but its upstream servers are unknown: ${upstream.reason}`,
          observedAtMs,
        );
      }
      const upstreams = parseResolvConf(upstream.text);
      servers.push(...upstreams.nameservers.map((address) => ({ address, source: RESOLVED_UPSTREAMS })));
      if (searchDomains.length === 0) searchDomains = upstreams.searchDomains;
    }
    return observed<DnsFacts>(RESOLV_CONF, { servers, searchDomains }, observedAtMs);
  },
};
