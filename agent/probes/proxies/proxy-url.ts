// A proxy setting's value as host and port: "http://user:pw@10.1.2.3:3128/", "10.1.2.3:3128",
// "socks5h://[fd00::1]:1080". Credentials are dropped from what is kept: facts and logs carry no secrets.

export interface ProxyAddress {
  /** The value as configured, with any user:password replaced by "***". */
  url: string;
  host: string;
  port: number | null;
}

export function parseProxyUrl(value: string): ProxyAddress | null {
  const trimmed = value.trim().replace(/^["']|["']$/g, '');
  if (trimmed === '' || /^(DIRECT|none|false)$/i.test(trimmed)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return null;
  }
  if (parsed.hostname === '') return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port === '' ? null : Number(parsed.port);
  const url = parsed.username || parsed.password ? trimmed.replace(/\/\/[^@/]*@/, '//***@') : trimmed;
  return { url, host, port };
}
