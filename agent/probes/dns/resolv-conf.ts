// resolv.conf(5): "nameserver ADDR" and "search DOMAIN..." (a later "domain" or "search" line replaces an
// earlier one, as the resolver does). Comments start with "#" or ";".

export interface ResolvConf {
  nameservers: string[];
  searchDomains: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let searchDomains: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values[0]) nameservers.push(values[0]);
    if ((keyword === 'search' || keyword === 'domain') && values.length > 0) searchDomains = values;
  }
  return { nameservers, searchDomains };
}
