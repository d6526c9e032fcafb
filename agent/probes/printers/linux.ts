// Printers on Linux: CUPS as its configuration files show it, read through the machine root.
//   installed     /etc/cups is a directory, or /usr/sbin/cupsd exists.
//   queues        /etc/cups/printers.conf (root-only: mode 0600 root:lp). Absent is a fact — cupsd writes
//                 it with the first queue, and Debian's fresh install has none — but present and unreadable
//                 makes the whole probe unavailable: the queues are exactly what the checks judge.
//   serverSharing cupsd.conf listens beyond loopback (see listensOnNetwork); null when cupsd.conf is absent.
//   auditing      CUPS logs every job to its page log when cupsd.conf's PageLogFormat is not empty (unset
//                 means the compiled default, which is not empty) and cups-files.conf's PageLog names a
//                 target (default /var/log/cups/page_log). Debian ships `PageLogFormat` EMPTY, so a default
//                 Debian CUPS does not audit. The log file itself is not required to exist: cupsd creates it
//                 with the first job, and a correctly configured machine that has not printed yet audits.

import { readFile, stat } from 'node:fs/promises';
import type { PrintersFacts, PrintQueueFact } from '../../facts';
import { describeIoError, type MachineRoot } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import {
  DEFAULT_PAGE_LOG,
  DEFAULT_PAGE_LOG_FORMAT,
  lastValue,
  listensOnNetwork,
  parsePrintersConf,
  topLevelDirectives,
} from './cups-config';
import { redactDeviceUri, remoteHostOf } from './device-uri';

const SOURCE = '/etc/cups';

type OptionalRead = { kind: 'text'; text: string } | { kind: 'absent' } | { kind: 'failed'; reason: string };

async function readOptional(root: MachineRoot, ...segments: string[]): Promise<OptionalRead> {
  const file = root.path(...segments);
  try {
    return { kind: 'text', text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'failed', reason: describeIoError(file, error) };
  }
}

async function exists(root: MachineRoot, ...segments: string[]): Promise<boolean> {
  return stat(root.path(...segments)).then(
    () => true,
    () => false,
  );
}

export const linuxPrintersProbe: Probe<'printers'> = {
  fact: 'printers',
  async read(root) {
    const observedAtMs = Date.now();
    const rootProblem = await stat(root.dir).then(
      () => null,
      (error: unknown) => describeIoError(root.dir, error),
    );
    if (rootProblem !== null) return unavailable(SOURCE, rootProblem, observedAtMs);
    const installed = (await exists(root, 'etc', 'cups')) || (await exists(root, 'usr', 'sbin', 'cupsd'));
    if (!installed) {
      const facts: PrintersFacts = {
        installed: false,
        queues: [],
        serverSharing: false,
        auditing: { enabled: null, source: 'no CUPS: neither /etc/cups nor /usr/sbin/cupsd exists' },
      };
      return observed(SOURCE, facts, observedAtMs);
    }
    const [printers, cupsd, cupsFiles] = await Promise.all([
      readOptional(root, 'etc', 'cups', 'printers.conf'),
      readOptional(root, 'etc', 'cups', 'cupsd.conf'),
      readOptional(root, 'etc', 'cups', 'cups-files.conf'),
    ]);
    for (const read of [printers, cupsd, cupsFiles])
      if (read.kind === 'failed') return unavailable(SOURCE, read.reason, observedAtMs);

    const queues: PrintQueueFact[] =
      printers.kind === 'text'
        ? parsePrintersConf(printers.text).map((entry) => {
            const deviceUri = entry.deviceUri ?? '';
            return {
              name: entry.name,
              deviceUri: redactDeviceUri(deviceUri),
              // No Shared line: cupsd applies DefaultShared, which defaults to Yes.
              shared: entry.shared ?? true,
              isDefault: entry.isDefault,
              remoteHost: remoteHostOf(deviceUri),
            };
          })
        : [];

    if (cupsd.kind !== 'text') {
      const facts: PrintersFacts = {
        installed: true,
        queues,
        serverSharing: null,
        auditing: { enabled: null, source: '/etc/cups/cupsd.conf is absent' },
      };
      return observed(SOURCE, facts, observedAtMs);
    }
    const cupsdDirectives = topLevelDirectives(cupsd.text);
    const filesDirectives = cupsFiles.kind === 'text' ? topLevelDirectives(cupsFiles.text) : [];
    const format = lastValue(cupsdDirectives, 'PageLogFormat');
    const pageLog = lastValue(filesDirectives, 'PageLog');
    const effectiveFormat = format ?? DEFAULT_PAGE_LOG_FORMAT;
    const effectiveLog = pageLog ?? DEFAULT_PAGE_LOG;
    const enabled = effectiveFormat !== '' && effectiveLog !== '';
    const facts: PrintersFacts = {
      installed: true,
      queues,
      serverSharing: listensOnNetwork(cupsdDirectives).length > 0,
      auditing: {
        enabled,
        source: [
          `/etc/cups/cupsd.conf PageLogFormat ${format === undefined ? `unset (default "${DEFAULT_PAGE_LOG_FORMAT}")` : `"${format}"`}`,
          `/etc/cups/cups-files.conf PageLog ${pageLog === undefined ? `unset (default ${DEFAULT_PAGE_LOG})` : `"${pageLog}"`}`,
        ].join('; '),
      },
    };
    return observed(SOURCE, facts, observedAtMs);
  },
};
