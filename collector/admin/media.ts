// Registered removable media use cases (3.7.3, 3.7.4): register (or update), list, and set the status
// (retired, lost, back in use). Each: validate → change + audit record in one store transaction → push the
// fresh policy bundle to every connected agent → answer.
//
// Why every connected agent and not only the bound devices: binding changes which devices' ledger slices
// hold the medium, and a medium rebound from device A to device B leaves A's slice too. Working out exactly
// whose slice changed would need the binding before and after; a bundle whose content did not change is
// recognised by its version and ignored by the agent, so pushing to all is both simpler and always right.
import { CLASSIFICATIONS, MEDIUM_STATUSES, type MediumStatus } from '../../policies/model';
import { classificationFromWire, classificationToWire } from '../../proto/convert';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { MediumRecord as WireMediumRecord } from '../../proto/generated/shoumi/v1/MediumRecord';
import type { MediumStatus as WireMediumStatus } from '../../proto/generated/shoumi/v1/MediumStatus';
import { crossUseJudge } from '../fleet/cross-use-judge';
import type { MediumKey, MediumRecord, MediumRegistration, Sighting } from '../store/store';
import {
  AdminInputError,
  AdminNotFoundError,
  type AdminServiceDeps,
  answer,
  auditContextOf,
} from './admin-call';

const STATUS_TO_WIRE: Record<MediumStatus, WireMediumStatus> = {
  in_use: 'IN_USE',
  retired: 'RETIRED',
  lost: 'LOST',
};
const STATUS_FROM_WIRE = new Map(
  Object.entries(STATUS_TO_WIRE).map(([status, wire]) => [String(wire), status as MediumStatus]),
);

const HEX4 = /^[0-9a-f]{4}$/;
const MAX_TEXT = 256;

function hexId(field: string, value: string): string {
  const id = value.trim().toLowerCase();
  if (!HEX4.test(id)) throw new AdminInputError(`${field} "${value}": expected 4 hex digits, e.g. 0781`);
  return id;
}

function text(field: string, value: string, required: boolean): string {
  const trimmed = value.trim();
  if (required && trimmed === '') throw new AdminInputError(`${field} is required`);
  if (trimmed.length > MAX_TEXT) throw new AdminInputError(`${field}: at most ${MAX_TEXT} characters`);
  return trimmed;
}

/** The key of a request: vendor and product ids lowercased, serial as the device reports it (trimmed). */
function mediumKeyOf(request: { vendorId: string; productId: string; serial: string }): MediumKey {
  return {
    vendorId: hexId('vendor_id', request.vendorId),
    productId: hexId('product_id', request.productId),
    serial: text('serial', request.serial, true),
  };
}

function sightingToWire(sighting: Sighting) {
  return {
    deviceId: sighting.deviceId,
    hostname: sighting.hostname,
    deviceClassification: classificationToWire(sighting.classification),
    firstSeenMs: sighting.firstSeenMs,
    lastSeenMs: sighting.lastSeenMs,
  };
}

function mediumToWire(medium: MediumRecord, sightings: readonly Sighting[] = []): WireMediumRecord {
  return {
    serial: medium.serial,
    vendorId: medium.vendorId,
    productId: medium.productId,
    classification: classificationToWire(medium.classification),
    status: STATUS_TO_WIRE[medium.status],
    assetNumber: medium.assetNumber,
    responsiblePerson: medium.responsiblePerson,
    boundDeviceIds: medium.boundDeviceIds,
    boundDepartment: medium.boundDepartment,
    note: medium.note,
    registeredAtMs: medium.registeredAtMs,
    updatedAtMs: medium.updatedAtMs,
    sightings: sightings.map(sightingToWire),
  };
}

const keyText = (key: MediumKey) => `${key.vendorId}:${key.productId}:${key.serial}`;

type MediaHandlers = Pick<AdminServiceHandlers, 'RegisterMedium' | 'ListMedia' | 'SetMediumStatus'>;

export function mediaHandlers(deps: AdminServiceDeps): MediaHandlers {
  const { store, log } = deps;
  const judge = crossUseJudge(deps);

  /** After a change: agents judge by the new list within seconds; cross-use may change with the level. */
  async function afterChange(key: MediumKey) {
    await deps.pushPolicyBundles();
    // The change is stored and audited whatever happens here: a failed re-judgement is logged, not answered.
    await judge
      .judgeMedia([key])
      .catch((error: Error) =>
        log.error('cross-use judgement failed', { medium: keyText(key), error: error.message }),
      );
  }

  return {
    RegisterMedium(call, callback) {
      answer(
        log,
        'RegisterMedium',
        async () => {
          const wire = call.request.medium;
          if (!wire) throw new AdminInputError('medium is required');
          const key = mediumKeyOf(wire);
          const classification = classificationFromWire(wire.classification);
          if (classification === null)
            throw new AdminInputError(
              `classification is required: one of ${CLASSIFICATIONS.join(', ')} (绝密, 机密, 秘密, 非密)`,
            );
          // Unspecified: a new medium is in use; an update keeps the status it had (a lost stick re-registered
          // with a new asset number stays lost until someone says it was found).
          const status =
            String(wire.status) === 'MEDIUM_STATUS_UNSPECIFIED'
              ? ((await store.getMedium(key))?.status ?? 'in_use')
              : STATUS_FROM_WIRE.get(String(wire.status));
          if (status === undefined) throw new AdminInputError(`status "${String(wire.status)}" is not known`);
          const boundDeviceIds = [...new Set(wire.boundDeviceIds.map((id) => id.trim()).filter(Boolean))];
          for (const deviceId of boundDeviceIds) {
            if ((await store.getDevice(deviceId)) === null)
              throw new AdminInputError(
                `bound device "${deviceId}" is not in the ledger (enter it first, or check the id)`,
              );
          }
          const registration: MediumRegistration = {
            ...key,
            classification,
            status,
            assetNumber: text('asset_number', wire.assetNumber, true),
            responsiblePerson: text('responsible_person', wire.responsiblePerson, true),
            boundDeviceIds,
            boundDepartment: text('bound_department', wire.boundDepartment, false),
            note: text('note', wire.note, false),
          };
          await store.registerMedium(registration, auditContextOf(call));
          const stored = await store.getMedium(key);
          if (stored === null) throw new Error(`medium ${keyText(key)} vanished right after registration`);
          await afterChange(key);
          return mediumToWire(stored);
        },
        callback,
      );
    },

    ListMedia(call, callback) {
      answer(
        log,
        'ListMedia',
        async () => {
          const { status, department, withSightings } = call.request;
          if (status !== '' && !MEDIUM_STATUSES.includes(status as MediumStatus))
            throw new AdminInputError(`status "${status}": expected one of ${MEDIUM_STATUSES.join(', ')}`);
          const media = (await store.listMedia()).filter(
            (medium) =>
              (status === '' || medium.status === status) &&
              (department === '' || medium.boundDepartment === department),
          );
          const sightings = withSightings ? await store.allMediumSightings() : new Map<string, Sighting[]>();
          return { media: media.map((medium) => mediumToWire(medium, sightings.get(keyText(medium)))) };
        },
        callback,
      );
    },

    SetMediumStatus(call, callback) {
      answer(
        log,
        'SetMediumStatus',
        async () => {
          const key = mediumKeyOf(call.request);
          const status = STATUS_FROM_WIRE.get(String(call.request.status));
          if (status === undefined)
            throw new AdminInputError(
              `status is required: one of ${Object.values(STATUS_TO_WIRE).join(', ')}`,
            );
          const note = call.request.note.trim() === '' ? undefined : text('note', call.request.note, false);
          // Back in use from lost (found again) or retired (retired by mistake: a scrapped medium is to be
          // destroyed, 3.6.8) is allowed, with the reason in the audit trail: the office must be able to undo
          // a wrong mark, and the record says who did and why.
          if (status === 'in_use' && note === undefined) {
            const before = await store.getMedium(key);
            if (before !== null && before.status !== 'in_use')
              throw new AdminInputError(
                `note: say why ${keyText(key)} is back in use (it is ${before.status}); shoumictl media restore ${keyText(key)} --note "…"`,
              );
          }
          const stored = await store.setMediumStatus(key, status, note, auditContextOf(call));
          if (stored === null) throw new AdminNotFoundError(`no registered medium ${keyText(key)}`);
          await afterChange(key);
          return mediumToWire(stored);
        },
        callback,
      );
    },
  };
}
