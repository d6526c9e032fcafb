// The three CUPS configuration files the printers probe reads, as cupsd(8) itself reads them: one directive
// per line ("Name value"), '#' comments, and in printers.conf one <Printer name>/<DefaultPrinter name>
// block per queue. Formats as written by CUPS 2.4.2 (Debian 12 `cups-daemon`), recorded in
// test/fixtures/roots/host-cups-*.

export interface CupsDirective {
  name: string;
  value: string;
}

/** Top-level directives of cupsd.conf or cups-files.conf; those inside <Location>/<Policy> blocks are skipped. */
export function topLevelDirectives(text: string): CupsDirective[] {
  const directives: CupsDirective[] = [];
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (line.startsWith('<')) {
      depth += 1;
      continue;
    }
    if (depth > 0) continue;
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    directives.push({ name: match[1]!, value: match[2]!.trim() });
  }
  return directives;
}

export interface CupsQueueEntry {
  name: string;
  isDefault: boolean;
  deviceUri: string | null;
  /** null when the block has no Shared line (cupsd then applies DefaultShared, which is Yes by default). */
  shared: boolean | null;
}

export function parsePrintersConf(text: string): CupsQueueEntry[] {
  const queues: CupsQueueEntry[] = [];
  let current: CupsQueueEntry | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const open = /^<(Printer|DefaultPrinter)\s+([^>]+)>$/i.exec(line);
    if (open) {
      current = {
        name: open[2]!.trim(),
        isDefault: open[1]!.toLowerCase() === 'defaultprinter',
        deviceUri: null,
        shared: null,
      };
      queues.push(current);
      continue;
    }
    if (/^<\/(Printer|DefaultPrinter)>$/i.test(line)) {
      current = null;
      continue;
    }
    if (current === null) continue;
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    const name = match[1]!.toLowerCase();
    if (name === 'deviceuri') current.deviceUri = match[2]!.trim();
    if (name === 'shared') current.shared = isYes(match[2]!);
  }
  return queues;
}

/** cupsd's boolean values: Yes/On/True/1 (and No/Off/False/0). */
export function isYes(value: string): boolean {
  return ['yes', 'on', 'true', '1'].includes(value.trim().toLowerCase());
}

/**
 * Whether cupsd accepts connections from the network: `Port 631` listens on every address, and so does a
 * `Listen` on anything but loopback or a domain socket. `cupsctl --share-printers` turns Debian's
 * `Listen localhost:631` into `Port 631` (recorded in host-cups-shared). Browsing alone is not sharing:
 * Debian ships `Browsing Yes` with `Listen localhost:631`, and then no other computer can reach a queue.
 */
export function listensOnNetwork(directives: readonly CupsDirective[]): string[] {
  const open: string[] = [];
  for (const { name, value } of directives) {
    const lower = name.toLowerCase();
    if (lower === 'port' || lower === 'sslport') open.push(`${name} ${value}`);
    if ((lower === 'listen' || lower === 'ssllisten') && !isLocalListen(value)) open.push(`${name} ${value}`);
  }
  return open;
}

function isLocalListen(address: string): boolean {
  if (address.startsWith('/') || address.startsWith('@')) return true;
  const host = address.startsWith('[')
    ? address.slice(1, address.indexOf(']'))
    : address.replace(/:\d+$/, '');
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower === '::1' || /^127\./.test(lower);
}

/** CUPS' compiled-in PageLogFormat, used when cupsd.conf does not set one (cupsd.conf(5)). */
export const DEFAULT_PAGE_LOG_FORMAT =
  '%p %u %j %T %P %C %{job-billing} %{job-originating-host-name} %{job-name} %{media} %{sides}';
/** CUPS' compiled-in PageLog on Debian (CUPS_LOGDIR/page_log), used when cups-files.conf does not set one. */
export const DEFAULT_PAGE_LOG = '/var/log/cups/page_log';

/** The last value of a directive, as cupsd keeps the last one it reads; undefined when absent. */
export function lastValue(directives: readonly CupsDirective[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return directives.filter((directive) => directive.name.toLowerCase() === lower).at(-1)?.value;
}
