// The proxy settings files of a Debian-like desktop, each parsed to (variable, value) pairs:
//   /etc/environment (pam_env: KEY=value) and /etc/profile.d/*.sh (export KEY=value) — http_proxy,
//     HTTPS_PROXY, all_proxy, ...; a value that uses shell expansion is taken as written;
//   apt.conf(5): Acquire::http::Proxy "http://10.1.2.3:3128/"; (also the per-host form
//     Acquire::http::Proxy::host.example "..."; "DIRECT" means no proxy);
//   dconf(7) keyfiles of the system databases, /etc/dconf/db/<db>.d/*: [system/proxy] mode='manual' with
//     [system/proxy/http] host='10.1.2.3' port=3128 (schema org.gnome.system.proxy), or mode='auto' with
//     autoconfig-url. Without mode='manual' (or 'auto') the hosts are inactive and not reported.

export interface ProxySetting {
  scheme: string;
  value: string;
  /** "/etc/environment: http_proxy" */
  source: string;
}

const VARIABLE = /^\s*(?:export\s+)?((?:https?|ftp|all|socks|rsync)_proxy)\s*=\s*(.*?)\s*;?\s*$/i;

export function parseShellAssignments(text: string, file: string): ProxySetting[] {
  return text.split('\n').flatMap((line) => {
    const match = VARIABLE.exec(line.replace(/^\s*#.*$/, ''));
    if (!match) return [];
    const name = match[1]!;
    return [
      { scheme: name.toLowerCase().replace(/_proxy$/, ''), value: match[2]!, source: `${file}: ${name}` },
    ];
  });
}

const APT_PROXY = /Acquire::(https?|ftp|socks)::Proxy(?:::(\S+))?\s+"([^"]*)"\s*;/gi;

export function parseAptConf(text: string, file: string): ProxySetting[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*(?:\/\/|#).*$/gm, '');
  return [...withoutComments.matchAll(APT_PROXY)].map((match) => ({
    scheme: match[1]!.toLowerCase(),
    value: match[3]!,
    source: `${file}: Acquire::${match[1]}::Proxy${match[2] ? `::${match[2]}` : ''}`,
  }));
}

type KeyfileSections = Map<string, Map<string, string>>;

/** Merges the keyfiles of one dconf database directory (later files override earlier, as dconf compile). */
export function parseDconfKeyfiles(files: readonly { file: string; text: string }[]): {
  sections: KeyfileSections;
  origin: Map<string, string>;
} {
  const sections: KeyfileSections = new Map();
  const origin = new Map<string, string>();
  for (const { file, text } of files) {
    let section: Map<string, string> | null = null;
    let sectionName = '';
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const header = /^\[(.+)\]$/.exec(line);
      if (header) {
        sectionName = header[1]!.trim();
        section = sections.get(sectionName) ?? new Map();
        sections.set(sectionName, section);
        continue;
      }
      const pair = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
      if (pair && section) {
        section.set(pair[1]!, pair[2]!.trim());
        origin.set(`${sectionName}/${pair[1]}`, file);
      }
    }
  }
  return { sections, origin };
}

/** GVariant text of a string or integer ('10.1.2.3', "x", 3128, uint32 3128) as plain text. */
function gvariantText(value: string | undefined): string | null {
  if (value === undefined) return null;
  const string = /^(['"])(.*)\1$/.exec(value);
  if (string) return string[2]!;
  const number = /^(?:u?int\d+\s+)?(\d+)$/.exec(value);
  return number ? number[1]! : null;
}

export function dconfProxies(files: readonly { file: string; text: string }[]): ProxySetting[] {
  const { sections, origin } = parseDconfKeyfiles(files);
  const mode = gvariantText(sections.get('system/proxy')?.get('mode'));
  const modeSource = origin.get('system/proxy/mode') ?? '';
  if (mode === 'auto') {
    const url = gvariantText(sections.get('system/proxy')?.get('autoconfig-url'));
    return url
      ? [{ scheme: 'pac', value: url, source: `${modeSource}: system/proxy autoconfig-url (mode 'auto')` }]
      : [];
  }
  if (mode !== 'manual') return [];
  return ['http', 'https', 'ftp', 'socks'].flatMap((scheme) => {
    const section = sections.get(`system/proxy/${scheme}`);
    const host = gvariantText(section?.get('host'));
    if (!host) return [];
    const port = gvariantText(section?.get('port'));
    const value = port && port !== '0' ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    const source = origin.get(`system/proxy/${scheme}/host`) ?? modeSource;
    return [{ scheme, value, source: `${source}: system/proxy/${scheme} (mode 'manual')` }];
  });
}
