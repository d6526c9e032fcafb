// Registered removable media (3.6.2, 3.7.3, 3.7.4): media register | list | retire | lost | restore.
// A medium is named as the agent names it in its findings: VENDOR:PRODUCT:SERIAL (e.g. 0781:5581:4C53001),
// so that a subject copied from `shoumictl findings` works as it is; the audit trail's "usb:" prefix is
// accepted too.
import { CLASSIFICATIONS, type Classification, classificationFromWord } from '../../../policies/model';
import { renderTable } from '../../../policies/text-table';
import { classificationToWire } from '../../../proto/convert';
import type { MediumRecord__Output } from '../../../proto/generated/shoumi/v1/MediumRecord';
import type { MediumStatus } from '../../../proto/generated/shoumi/v1/MediumStatus';
import { MEDIUM_STATUS_ZH } from '../../ledger/ledger-values';
import { level, localTime, program, withClient } from '../cli-context';
import { t } from '../ctl-messages';
import { mediumStatusOption } from '../filter-options';
import { printText } from '../terminal-text';

/** 绝密/机密/秘密/非密 or the English ids (top_secret, confidential, secret, non_classified). */
export function parseClassification(text: string): Classification {
  const found = classificationFromWord(text);
  if (found === undefined) {
    throw new Error(
      `--classification ${text}: expected 绝密, 机密, 秘密, 非密 or ${CLASSIFICATIONS.join(', ')}`,
    );
  }
  return found;
}

/** VENDOR:PRODUCT:SERIAL (the serial may itself hold colons); an optional "usb:" prefix. */
export function parseMediumKey(text: string): { vendorId: string; productId: string; serial: string } {
  const match = /^(?:usb:)?([0-9a-fA-F]{4}):([0-9a-fA-F]{4}):(.+)$/.exec(text.trim());
  if (match === null) {
    throw new Error(
      `"${text}": expected VENDOR:PRODUCT:SERIAL, e.g. 0781:5581:4C530001 (the subject of the agent's USB findings)`,
    );
  }
  return { vendorId: match[1]!.toLowerCase(), productId: match[2]!.toLowerCase(), serial: match[3]! };
}

const keyOf = (medium: MediumRecord__Output) => `${medium.vendorId}:${medium.productId}:${medium.serial}`;

/** The words printed for a status: 在用 in use, 报废 retired, 丢失 lost; `media list --status` takes each back. */
export const STATUS_TEXT: Record<string, string> = {
  IN_USE: `${MEDIUM_STATUS_ZH.in_use} in use`,
  RETIRED: `${MEDIUM_STATUS_ZH.retired} retired`,
  LOST: `${MEDIUM_STATUS_ZH.lost} lost`,
};

/**
 * What `media register` did, in words: registering again updates the record but never changes the status
 * (a lost stick re-registered stays lost until someone says it was found), so the answer says so and names
 * the command that brings the medium back.
 */
export function registeredText(medium: MediumRecord__Output): string {
  const key = keyOf(medium);
  const what =
    medium.registeredAtMs === medium.updatedAtMs
      ? `已登记 registered ${key} as ${medium.assetNumber}, ${level(medium.classification)}`
      : `已更新登记 updated the record of ${key} (${medium.assetNumber}, ${level(medium.classification)})`;
  const status = String(medium.status);
  if (status === 'IN_USE') return `${what}; connected agents have the new list\n`;
  const restore = `shoumictl media restore ${key} --note "…"`;
  const why =
    status === 'LOST'
      ? `如已找回 / if it was found: ${restore}`
      : `报废介质应按 3.6.8 销毁；如系误标 / a retired medium is to be destroyed (3.6.8); if it was retired by mistake: ${restore}`;
  return (
    `${what}\n` +
    `状态未变 status not changed: 台帐中仍为 ${STATUS_TEXT[status] ?? status}；插入任何计算机都判为不合规 / ` +
    `still ${STATUS_TEXT[status] ?? status} in the ledger, so any computer it is plugged into fails\n${why}\n`
  );
}

function printMedia(media: MediumRecord__Output[], withSightings: boolean) {
  const lines = [
    renderTable(
      [
        { header: 'MEDIUM', value: (medium: MediumRecord__Output) => keyOf(medium), maxWidth: 40 },
        { header: 'LEVEL', value: (medium) => level(medium.classification) },
        { header: 'STATUS', value: (medium) => STATUS_TEXT[String(medium.status)] ?? String(medium.status) },
        { header: 'ASSET', value: (medium) => medium.assetNumber },
        { header: 'RESPONSIBLE', value: (medium) => medium.responsiblePerson },
        {
          header: 'BOUND TO',
          value: (medium) =>
            [
              ...medium.boundDeviceIds,
              ...(medium.boundDepartment ? [`dept ${medium.boundDepartment}`] : []),
            ].join(', ') || 'any device',
          maxWidth: 36,
        },
        ...(withSightings
          ? [{ header: 'SEEN ON', value: (medium: MediumRecord__Output) => String(medium.sightings.length) }]
          : []),
        { header: 'UPDATED', value: (medium) => localTime(medium.updatedAtMs) },
      ],
      media,
    ),
  ];
  if (withSightings) {
    for (const medium of media.filter((entry) => entry.sightings.length > 0)) {
      lines.push('', `${keyOf(medium)} (${medium.assetNumber}) seen on:`);
      lines.push(
        renderTable(
          [
            {
              header: 'DEVICE',
              value: (sighting: MediumRecord__Output['sightings'][number]) =>
                sighting.hostname || sighting.deviceId,
              maxWidth: 24,
            },
            { header: 'DEVICE ID', value: (sighting) => sighting.deviceId },
            { header: 'LEVEL', value: (sighting) => level(sighting.deviceClassification) },
            { header: 'FIRST SEEN', value: (sighting) => localTime(sighting.firstSeenMs) },
            { header: 'LAST SEEN', value: (sighting) => localTime(sighting.lastSeenMs) },
          ],
          medium.sightings,
        ),
      );
    }
  }
  printText(`${lines.join('\n')}\n`);
}

const media = program.command('media').description(t('help.media'));

const collect = (value: string, previous: string[]) => [...previous, value];

media
  .command('register')
  .description(t('help.media.register'))
  .requiredOption('--serial <serial>', 'serial number as the medium reports it')
  .requiredOption('--vendor <id>', 'USB vendor id, 4 hex digits, e.g. 0781')
  .requiredOption('--product <id>', 'USB product id, 4 hex digits, e.g. 5581')
  .requiredOption(
    '--classification <level>',
    '绝密 | 机密 | 秘密 | 非密 (or top_secret, confidential, secret, non_classified)',
  )
  .requiredOption('--asset-number <n>', 'asset number, e.g. U-001')
  .requiredOption('--responsible <person>', 'responsible person')
  .option('--device <id>', 'registered for this device only (repeat for several)', collect, [] as string[])
  .option('--department <name>', "registered for this department's devices only")
  .option('--note <text>', 'free text kept with the medium')
  .action(
    (command: {
      serial: string;
      vendor: string;
      product: string;
      classification: string;
      assetNumber: string;
      responsible: string;
      device: string[];
      department?: string;
      note?: string;
    }) =>
      withClient(async (client, options) => {
        const registered = await client.registerMedium({
          medium: {
            serial: command.serial,
            vendorId: command.vendor,
            productId: command.product,
            classification: classificationToWire(parseClassification(command.classification)),
            assetNumber: command.assetNumber,
            responsiblePerson: command.responsible,
            boundDeviceIds: command.device,
            boundDepartment: command.department ?? '',
            note: command.note ?? '',
          },
        });
        if (!options.json) printText(registeredText(registered));
        return registered;
      }),
  );

media
  .command('list')
  .description(t('help.media.list'))
  .option('--status <status>', 'only 在用|报废|丢失 (in_use, retired, lost)')
  .option('--department <name>', 'only media bound to this department')
  .option('--sightings', 'also the devices whose agents have seen each medium')
  .action((command: { status?: string; department?: string; sightings?: boolean }) =>
    withClient(async (client, options) => {
      const answer = await client.listMedia({
        status: command.status === undefined ? '' : mediumStatusOption('--status', command.status),
        department: command.department ?? '',
        withSightings: Boolean(command.sightings),
      });
      if (!options.json) printMedia(answer.media, Boolean(command.sightings));
      return answer;
    }),
  );

function statusCommand(name: string, status: MediumStatus, description: string, noteRequired = false) {
  const command = media.command(`${name} <medium>`).description(`${description}${t('help.media.keySuffix')}`);
  if (noteRequired)
    command.requiredOption('--note <text>', 'why, kept with the medium and in the audit trail');
  else command.option('--note <text>', 'why, kept with the medium and in the audit trail');
  command.action((text: string, options_: { note?: string }) =>
    withClient(async (client, options) => {
      const key = parseMediumKey(text);
      const changed = await client.setMediumStatus({ ...key, status, note: options_.note ?? '' });
      if (!options.json) {
        printText(
          `${keyOf(changed)} (${changed.assetNumber}) is now ${STATUS_TEXT[String(changed.status)]}; connected agents have the new list\n`,
        );
      }
      return changed;
    }),
  );
}

statusCommand('retire', 'RETIRED', t('help.media.retire'));
statusCommand('lost', 'LOST', t('help.media.lost'));
statusCommand('restore', 'IN_USE', t('help.media.restore'), true);
