// The collector's agent addresses as a list: what `shoumi-agent run/install --collector` takes, what
// `shoumi-collector serve --advertise-agent-addresses` takes, and what the enrolment answer carries
// (IssuedCertificate.agent_addresses). One module owns the format so that the agent and the collector accept
// and refuse the same text: "host:port" entries, an IPv6 host in brackets, separated by commas, and/or given
// one per repeated flag. Order is kept (the first is where the link starts); a repeated entry counts once.

/** "host:port" or "[v6]:port" → parts; throws naming the address when it has no usable port. */
export function parseHostPort(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address.trim());
  const port = Number(match?.[3]);
  if (!match || !(port > 0 && port < 65536)) {
    throw new Error(`address "${address}" is not HOST:PORT (e.g. collector.example:7702 or [::1]:7702)`);
  }
  return { host: (match[1] ?? match[2]) as string, port };
}

/**
 * Every entry of `values` (each "a:1" or "a:1,b:2"), trimmed, in order, each once. Throws naming `label`
 * and the entry at fault — an empty one (",," or a trailing comma) included — so nothing half-read is used.
 */
export function parseAgentAddressList(values: readonly string[], label: string): string[] {
  const addresses: string[] = [];
  for (const value of values) {
    const entries = value.split(',');
    for (const [index, raw] of entries.entries()) {
      const entry = raw.trim();
      if (entry === '') {
        throw new Error(
          `${label} "${value}": entry ${index + 1} is empty; give HOST:PORT entries separated by commas`,
        );
      }
      try {
        parseHostPort(entry);
      } catch (error) {
        throw new Error(`${label}: ${(error as Error).message}`);
      }
      if (!addresses.includes(entry)) addresses.push(entry);
    }
  }
  return addresses;
}

/** The list as one flag value and config text: "a:1,b:2" (what parseAgentAddressList reads back). */
export function agentAddressListText(addresses: readonly string[]): string {
  return addresses.join(',');
}
