// /proc/sys/dev/cdrom/info, written by the kernel's Uniform CD-ROM driver (drivers/cdrom/cdrom.c,
// cdrom_sysctl_info): a header line, then one row per capability, "<label>:" followed by one tab-separated
// column per drive, in the order of the "drive name:" row. Recorded from Linux 6.1 in
// test/fixtures/roots/optical-drive/proc/sys/dev/cdrom/info.

const WRITE_PREFIX = 'Can write ';

export interface CdromCapabilities {
  /** Labels of the write rows the drive answers 1 to, without "Can write ": "CD-R", "DVD-RAM", ... */
  writes: string[];
}

/** Capabilities by drive name ("sr0"). */
export function parseCdromInfo(text: string): Map<string, CdromCapabilities> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const label = line.slice(0, colon).trim();
    const values = line
      .slice(colon + 1)
      .split(/\s+/)
      .filter((value) => value !== '');
    rows.set(label, values);
  }
  const names = rows.get('drive name') ?? [];
  const drives = new Map<string, CdromCapabilities>();
  for (const [column, name] of names.entries()) {
    const writes = [...rows.entries()]
      .filter(([label, values]) => label.startsWith(WRITE_PREFIX) && values[column] === '1')
      .map(([label]) => label.slice(WRITE_PREFIX.length));
    drives.set(name, { writes });
  }
  return drives;
}
