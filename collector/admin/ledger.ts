// Ledger (台帐, 3.7.2) use cases: one device in full, ledger edits, CSV import and export. Each follows the
// admin shape: validate → change and audit in one store transaction → answer; then, when a change touches
// what agents judge by (their ledger slice), the affected connected agents get a fresh policy bundle.
// Validation includes the standard's rules on a whole entry (collector/ledger/ledger-rules.ts: required
// fields of a device in service, one asset number per device), checked against the stored ledger here and
// once more, race-free, by the store.

import { createHash } from 'node:crypto';
import { classificationFromWire } from '../../proto/convert';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { DeviceDetail } from '../../proto/generated/shoumi/v1/DeviceDetail';
import type { ImportLedgerResponse } from '../../proto/generated/shoumi/v1/ImportLedgerResponse';
import type { UpdateDeviceRequest__Output } from '../../proto/generated/shoumi/v1/UpdateDeviceRequest';
import { crossUseJudge } from '../fleet/cross-use-judge';
import type { LedgerLanguage } from '../ledger/ledger-columns';
import { writeLedgerCsv } from '../ledger/ledger-csv-export';
import { LEDGER_CSV_LIMITS, readLedgerCsv } from '../ledger/ledger-csv-import';
import {
  assetNumberClashes,
  assetNumberTakenProblem,
  missingFieldsProblem,
  missingRequiredFields,
  NEW_LEDGER_ENTRY,
} from '../ledger/ledger-rules';
import {
  hostnameNotes,
  inFileOrder,
  ledgerGaps,
  requiredFieldProblems,
  storedAssetClashes,
} from '../ledger/ledger-stored-checks';
import {
  type Checked,
  readAllowedNetworks,
  readDeviceId,
  readDeviceStatus,
  readLedgerText,
} from '../ledger/ledger-values';
import type { DeviceRecord, LedgerChange, LedgerFields } from '../store/store';
import {
  AdminInputError,
  AdminNotFoundError,
  type AdminServiceDeps,
  answer,
  auditContextOf,
  MAX_PAGE,
  pageLimit,
} from './admin-call';
import { deviceSummary } from './fleet-queries';

const HISTORY_DEFAULT = 50;
/** A device page shows this many of its media and sweeps, newest first (a device's own, never the fleet's). */
const MEDIA_SEEN_LIMIT = 100;
const SWEEPS_LIMIT = 50;

/** The names UpdateDevice takes in `fields` (proto field names; the camelCase forms are accepted too). */
const UPDATABLE_FIELDS: Record<string, keyof LedgerFields> = {
  asset_number: 'assetNumber',
  classification: 'classification',
  responsible_person: 'responsiblePerson',
  department: 'department',
  location: 'location',
  status: 'status',
  allowed_networks: 'allowedNetworks',
};

/**
 * What an agent's policy bundle carries from the ledger: its level, asset number and allowed networks, and
 * the media registered for its department. A change of these is pushed; a new location is not.
 */
const SLICE_FIELDS: ReadonlyArray<keyof LedgerFields> = [
  'classification',
  'assetNumber',
  'allowedNetworks',
  'department',
];

function fieldOf(name: string): keyof LedgerFields {
  const snake = name.trim().replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const field = UPDATABLE_FIELDS[snake];
  if (field === undefined) {
    throw new AdminInputError(
      `fields: unknown ledger field "${name}"; the fields are ${Object.keys(UPDATABLE_FIELDS).join(', ')}`,
    );
  }
  return field;
}

function must<T>(label: string, checked: Checked<T>): T {
  if (!checked.ok) throw new AdminInputError(`${label}: ${checked.problem}`);
  return checked.value;
}

/** The named fields of the request, each validated; the rest are left out (they keep their values). */
function requestedChanges(request: UpdateDeviceRequest__Output): Partial<LedgerFields> {
  if (request.fields.length === 0) {
    throw new AdminInputError(
      `fields: name the ledger fields to change (${Object.keys(UPDATABLE_FIELDS).join(', ')})`,
    );
  }
  const changes: Partial<LedgerFields> = {};
  for (const field of request.fields.map(fieldOf)) {
    switch (field) {
      case 'classification': {
        const wire = String(request.classification);
        const level = classificationFromWire(wire);
        if (level === null && wire !== 'CLASSIFICATION_UNSPECIFIED') {
          throw new AdminInputError(`classification: unknown value ${wire}`);
        }
        changes.classification = level;
        break;
      }
      case 'status':
        changes.status = must('status', readDeviceStatus(request.status));
        break;
      case 'allowedNetworks':
        changes.allowedNetworks = must('allowed_networks', readAllowedNetworks(request.allowedNetworks));
        break;
      default:
        changes[field] = must(field, readLedgerText(request[field]));
    }
  }
  return changes;
}

const sliceChanged = (before: DeviceRecord | null, after: DeviceRecord) =>
  before === null ||
  SLICE_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));

function changeToWire(change: LedgerChange) {
  return {
    atMs: change.atMs,
    actor: change.actor,
    field: change.field,
    oldValueJson: JSON.stringify(change.oldValue ?? null),
    newValueJson: JSON.stringify(change.newValue ?? null),
    auditPosition: change.auditPosition,
    action: change.action,
  };
}

function languageOf(lang: string): LedgerLanguage {
  const chosen = lang.trim().toLowerCase() || 'zh';
  if (chosen !== 'zh' && chosen !== 'en') throw new AdminInputError(`lang: expected zh or en, got "${lang}"`);
  return chosen;
}

/** The file name as the audit record and report show it: no path tricks or control characters matter there. */
const fileNameOf = (name: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 256) || '(unnamed)';

export function ledgerHandlers(
  deps: AdminServiceDeps,
): Pick<AdminServiceHandlers, 'GetDevice' | 'UpdateDevice' | 'ImportLedger' | 'ExportLedger'> {
  const { store, streams, log } = deps;

  /** A push that fails is logged, not answered: the change is stored, and the agent gets it on its next hello. */
  const push = async (deviceIds: readonly string[]) => {
    if (deviceIds.length === 0) return;
    await deps
      .pushPolicyBundles(deviceIds)
      .catch((error: Error) =>
        log.error('policy bundle push after a ledger change failed', { error: error.message }),
      );
  };

  // A device's level decides whether a medium or printer it shares with others crosses levels (3.7.4):
  // after a reclassification, what it was seen with is judged again.
  const judge = crossUseJudge(deps);
  const rejudge = async (deviceIds: readonly string[]) => {
    for (const deviceId of deviceIds) {
      await judge.rejudgeDevice(deviceId).catch((error: Error) =>
        log.error('cross-use re-judgement after a ledger change failed', {
          deviceId,
          error: error.message,
        }),
      );
    }
  };

  /**
   * The entry as it will be after the edit, judged whole (collector/ledger/ledger-rules.ts): an edit of any
   * field of a device in service that lacks a required field is refused too, naming what it lacks, so that
   * an incomplete entry from before the rule is mended the first time someone touches it.
   */
  const refuseAgainstRules = async (
    deviceId: string,
    before: LedgerFields | null,
    changes: Partial<LedgerFields>,
  ) => {
    const after: LedgerFields = { ...(before ?? NEW_LEDGER_ENTRY), ...changes };
    const missing = missingRequiredFields(after);
    if (missing.length > 0) throw new AdminInputError(missingFieldsProblem(deviceId, missing));
    if (after.assetNumber === '') return;
    const holders = await store.ledgerIdentities({ deviceIds: [], assetNumbers: [after.assetNumber] });
    const clash = assetNumberClashes([{ deviceId, assetNumber: after.assetNumber }], holders).get(deviceId);
    if (clash !== undefined)
      throw new AdminInputError(`asset_number: ${assetNumberTakenProblem(after.assetNumber, clash.holder)}`);
  };

  return {
    GetDevice(call, callback) {
      answer(
        log,
        'GetDevice',
        async (): Promise<DeviceDetail> => {
          const deviceId = must('device_id', readDeviceId(call.request.deviceId));
          const device = await store.getDevice(deviceId);
          if (device === null) throw new AdminNotFoundError(`unknown device "${deviceId}"`);
          const history = await store.ledgerHistory(
            deviceId,
            pageLimit(call.request.historyLimit, HISTORY_DEFAULT),
          );
          const mediaSeen = await store.mediaSeenByDevice(deviceId, MEDIA_SEEN_LIMIT);
          const sweeps = await store.sweepsOfDevice(deviceId, SWEEPS_LIMIT);
          return {
            summary: deviceSummary(device, await streams.connectedDeviceIds()),
            hardware: device.hardware ?? undefined,
            allowedNetworks: device.allowedNetworks,
            firstSeenMs: device.firstSeenMs,
            history: history.map(changeToWire),
            mediaSeen: mediaSeen.map((seen) => ({
              vendorId: seen.vendorId,
              productId: seen.productId,
              serial: seen.serial,
              firstSeenMs: seen.firstSeenMs,
              lastSeenMs: seen.lastSeenMs,
              registered: seen.registeredStatus !== null,
              status: seen.registeredStatus ?? '',
            })),
            sweeps: sweeps.map((sweep) => ({
              sweepId: sweep.sweepId,
              createdAtMs: sweep.createdAtMs,
              state: sweep.state,
              answeredAtMs: sweep.answeredAtMs,
            })),
          };
        },
        callback,
      );
    },

    UpdateDevice(call, callback) {
      answer(
        log,
        'UpdateDevice',
        async () => {
          const deviceId = must('device_id', readDeviceId(call.request.deviceId));
          const changes = requestedChanges(call.request);
          const before = await store.getDevice(deviceId);
          if (before === null && !call.request.create) {
            throw new AdminNotFoundError(
              `unknown device "${deviceId}"; to make a ledger entry for a device not yet enrolled, set create (shoumictl device set ID --create)`,
            );
          }
          await refuseAgainstRules(deviceId, before, changes);
          const after = await store.updateLedger(deviceId, changes, auditContextOf(call));
          if (sliceChanged(before, after)) await push([deviceId]);
          if (before?.classification !== after.classification) await rejudge([deviceId]);
          return deviceSummary(after, await streams.connectedDeviceIds());
        },
        callback,
      );
    },

    ImportLedger(call, callback) {
      answer(
        log,
        'ImportLedger',
        async (): Promise<ImportLedgerResponse> => {
          const { csvText, dryRun } = call.request;
          const fileName = fileNameOf(call.request.fileName);
          const sha256 = createHash('sha256').update(csvText).digest('hex');
          const reading = readLedgerCsv(csvText);
          const stored = await store.ledgerIdentities({
            deviceIds: reading.passedRows.map((row) => row.deviceId),
            assetNumbers: reading.passedRows.map((row) => row.fields.assetNumber),
          });
          const clashes = storedAssetClashes(reading, stored);
          const missing = requiredFieldProblems(reading, stored);
          const problemCount = reading.problemCount + missing.length + clashes.length;
          const problems = inFileOrder(reading.problems, missing, clashes).slice(
            0,
            LEDGER_CSV_LIMITS.maxProblemsListed,
          );
          const allNotes = hostnameNotes(reading, stored);
          const notes = allNotes.slice(0, LEDGER_CSV_LIMITS.maxProblemsListed);
          if (problemCount > 0) {
            // A refused import changes nothing, but who tried to import what is still worth an audit record.
            if (!dryRun) {
              await store.appendAudit(
                {
                  ...auditContextOf(call),
                  action: 'ledger.imported',
                  target: 'ledger',
                  detail: { fileName, sha256, problems: problemCount },
                  outcome: 'refused',
                },
                Date.now(),
              );
            }
            return {
              applied: false,
              dryRun,
              rows: 0,
              created: 0,
              changed: 0,
              unchanged: 0,
              problems,
              problemCount,
              notes,
              noteCount: allNotes.length,
            };
          }
          const outcome = await store.importLedger(
            reading.rows.map((row) => ({ deviceId: row.deviceId, ...row.fields })),
            { fileName, sha256 },
            auditContextOf(call),
            { dryRun },
          );
          if (!dryRun) {
            await push(outcome.changedDeviceIds);
            // In the background: a large import answers once it is stored, not after every re-judgement.
            void rejudge(outcome.changedDeviceIds);
          }
          return {
            applied: !dryRun,
            dryRun,
            rows: outcome.rows,
            created: outcome.created,
            changed: outcome.changed,
            unchanged: outcome.unchanged,
            problems: [],
            problemCount: 0,
            notes,
            noteCount: allNotes.length,
          };
        },
        callback,
      );
    },

    ExportLedger(call, callback) {
      answer(
        log,
        'ExportLedger',
        async () => {
          const lang = languageOf(call.request.lang);
          const devices: DeviceRecord[] = [];
          let after = '';
          do {
            const page = await store.listDevices({ limit: MAX_PAGE, afterDeviceId: after || undefined });
            devices.push(...page.devices);
            after = page.nextAfterDeviceId;
          } while (after);
          return {
            csvText: writeLedgerCsv(devices, lang),
            rows: devices.length,
            gaps: ledgerGaps(devices, lang),
          };
        },
        callback,
      );
    },
  };
}
