// What a batch of an agent's findings says the device was seen with: USB media (from the removable-media
// checks' evidence, agent/checks/removable-media.ts) and network printers (from the printing check's
// evidence, agent/checks/printing.ts). Pure, and cheap on the ingest path: a finding of any other rule is
// passed over by its rule id before its evidence is looked at, and most batches hold none of these rules.
import type { Finding } from '../../policies/model';
import type { MediumKey, SightedThings } from '../store/store';

/** Rules whose evidence names a USB medium as `{ ids: "vvvv:pppp", serial }`. */
const MEDIUM_RULES = new Set([
  // One of the three plugged-in rules is enough: all three carry the same evidence for the same medium.
  'usb-storage-registered',
  // The kernel log since boot: a stick inserted and pulled out between two sweeps was still there.
  'usb-storage-history-registered',
]);
/** Rule whose evidence names a print queue as `{ queue: { deviceUri, remoteHost } }`. */
const PRINTER_RULE = 'network-printer-allowed';

const IDS = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/;

function mediumIn(evidence: Record<string, unknown>): MediumKey | null {
  const ids = typeof evidence.ids === 'string' ? IDS.exec(evidence.ids) : null;
  const serial = typeof evidence.serial === 'string' ? evidence.serial.trim() : '';
  // Without a serial a medium cannot be told from another of the same model: no sighting to correlate.
  if (ids === null || serial === '') return null;
  return { vendorId: ids[1]!.toLowerCase(), productId: ids[2]!.toLowerCase(), serial };
}

const DEFAULT_PORTS: Record<string, string> = {
  ipp: '631',
  ipps: '631',
  http: '80',
  https: '443',
  lpd: '515',
  socket: '9100',
};

/**
 * The printer as the network knows it: scheme://host[:port] of a queue's device URI, lowercased, default
 * port left out (ipp://10.1.2.3:631/ipp/print and ipp://10.1.2.3/printers/x are one printer). Null for a
 * URI without a host (usb://, file:, parallel:).
 */
export function printerOfDeviceUri(deviceUri: string): string | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/.exec(
    deviceUri.trim(),
  );
  if (match === null) return null;
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!.toLowerCase();
  const port = match[3];
  if (host === '' || ['usb', 'file', 'parallel', 'serial', 'hp', 'hpfax'].includes(scheme)) return null;
  return port === undefined || DEFAULT_PORTS[scheme] === port
    ? `${scheme}://${host}`
    : `${scheme}://${host}:${port}`;
}

function printerIn(evidence: Record<string, unknown>): string | null {
  const queue = evidence.queue as { deviceUri?: unknown; remoteHost?: unknown } | undefined;
  if (typeof queue !== 'object' || queue === null) return null;
  if (typeof queue.remoteHost !== 'string' || typeof queue.deviceUri !== 'string') return null;
  return printerOfDeviceUri(queue.deviceUri);
}

/** Media and printers the findings say the device has (or had, since boot); empty lists when none. */
export function sightingsInFindings(findings: readonly Finding[]): SightedThings {
  const media: MediumKey[] = [];
  const printers: string[] = [];
  for (const finding of findings) {
    if (MEDIUM_RULES.has(finding.ruleId)) {
      const medium = mediumIn(finding.evidence);
      if (medium !== null) media.push(medium);
    } else if (finding.ruleId === PRINTER_RULE) {
      const printer = printerIn(finding.evidence);
      if (printer !== null) printers.push(printer);
    }
  }
  return { media, printers };
}
