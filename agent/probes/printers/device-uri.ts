// What a CUPS DeviceURI says about where the printer is, and the URI with any password taken out.
// Backends and their URI shapes (CUPS backend(7), cups-filters, HPLIP, Samba smbspool(8)):
//   ipp/ipps/http/https/socket/lpd://host[:port]/...      network: the host
//   smb://[user[:password]@][workgroup/]server[:port]/printer   network: the server, never the workgroup
//   dnssd://Name._ipp._tcp.local./?uuid=...               network: a DNS-SD service name, not an address
//   hp:/net/Model?ip=10.1.2.3 | ?hostname=h | ?zc=name     HPLIP network printer; hp:/usb/... is local
//   beh:/1/3/5/socket://host                              cups-filters' error handler wrapping another URI
//   usb, parallel, serial, file, hp:/usb, cups-pdf ...    local: null

const NETWORK_SCHEMES = new Set(['ipp', 'ipps', 'http', 'https', 'socket', 'lpd', 'smb', 'dnssd']);
const HPLIP_SCHEMES = new Set(['hp', 'hpfax']);

/** The URI with the password of any `user:password@` replaced, so that it may go into facts and evidence. */
export function redactDeviceUri(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@]*?):[^/?#@]*@/i, '$1:***@');
}

/** The host a queue prints to over the network, or null for a local printer. */
export function remoteHostOf(uri: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(uri.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (scheme === 'beh') {
    // beh:/<delete>/<attempts>/<delay>/<inner uri>
    const inner = /^\/\d+\/\d+\/\d+\/(.+)$/.exec(rest);
    return inner ? remoteHostOf(inner[1]!) : null;
  }
  if (HPLIP_SCHEMES.has(scheme)) return hplipHost(rest);
  if (!NETWORK_SCHEMES.has(scheme) || !rest.startsWith('//')) return null;
  const afterSlashes = rest.slice(2);
  const authorityEnd = afterSlashes.search(/[/?#]/);
  const authority = authorityEnd === -1 ? afterSlashes : afterSlashes.slice(0, authorityEnd);
  let host = hostOfAuthority(authority);
  if (scheme === 'smb') {
    // smb://workgroup/server/printer: with two path segments the first authority part is the workgroup.
    const segments = (authorityEnd === -1 ? '' : afterSlashes.slice(authorityEnd))
      .split(/[?#]/)[0]!
      .split('/')
      .filter((segment) => segment !== '');
    if (segments.length >= 2) host = hostOfAuthority(segments[0]!);
  }
  return host === '' ? null : host;
}

function hostOfAuthority(authority: string): string {
  const withoutUser = authority.slice(authority.lastIndexOf('@') + 1);
  const host = withoutUser.startsWith('[')
    ? withoutUser.slice(1, withoutUser.indexOf(']') === -1 ? undefined : withoutUser.indexOf(']'))
    : withoutUser.split(':')[0]!;
  return safeDecode(host);
}

function hplipHost(rest: string): string | null {
  if (!rest.toLowerCase().startsWith('/net/')) return null;
  const query = new URLSearchParams(rest.split('?')[1] ?? '');
  return query.get('ip') ?? query.get('hostname') ?? query.get('zc') ?? null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
