// Fleet queries: status, devices, findings. Read-only, so nothing to audit.
import { FINDING_STATUSES, type FindingStatus } from '../../policies/model';
import {
  classificationFromWire,
  classificationToWire,
  severityToWire,
  statusToWire,
} from '../../proto/convert';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { DeviceSummary } from '../../proto/generated/shoumi/v1/DeviceSummary';
import type { StoredFinding as WireStoredFinding } from '../../proto/generated/shoumi/v1/StoredFinding';
import { policyClauses } from '../agent-judged-rules';
import { dispositionToWire } from '../reports/inspection-record-wire';
import type { Disposition, JudgedDeviceRecord, StoredFinding } from '../store/store';
import { AdminInputError, type AdminServiceDeps, answer, pageLimit } from './admin-call';
import { deviceListFilter } from './device-list-filter';
import { timeBoundProblem } from './time-bound';

const STATUS_DEVICE_LIST_LIMIT = 100;

/** `connected`: the devices with a live stream on any collector (one read per answer, not per device). */
export function deviceSummary(device: JudgedDeviceRecord, connected: ReadonlySet<string>): DeviceSummary {
  return {
    deviceId: device.deviceId,
    hostname: device.hostname,
    assetNumber: device.assetNumber,
    classification: classificationToWire(device.classification),
    responsiblePerson: device.responsiblePerson,
    department: device.department,
    location: device.location,
    status: device.status,
    lastSeenMs: device.lastSeenMs,
    connected: connected.has(device.deviceId),
    failing: device.counts.fail,
    errors: device.counts.error,
    passing: device.counts.pass,
    notApplicable: device.counts.not_applicable,
    lastSeq: device.lastSeq,
    agentVersion: device.agentVersion,
    policyVersion: device.policyVersion,
    os: device.hardware ? `${device.hardware.osName} ${device.hardware.osVersion}`.trim() : '',
    state: device.judgement.state,
    rulesWithoutVerdict: device.judgement.rulesWithoutVerdict,
  };
}

export function storedFindingToWire(
  finding: StoredFinding,
  disposition?: Disposition,
  assetNumber = '',
): WireStoredFinding {
  return {
    deviceId: finding.deviceId,
    hostname: finding.hostname,
    seq: finding.seq,
    ruleId: finding.ruleId,
    clause: finding.clause,
    subject: finding.subject,
    status: statusToWire(finding.status),
    severity: severityToWire(finding.severity),
    evidenceJson: JSON.stringify(finding.evidence),
    observedAtMs: finding.observedAtMs,
    receivedAtMs: finding.receivedAtMs,
    reason: finding.reason,
    sweepId: finding.sweepId,
    origin: finding.origin,
    disposition: disposition === undefined ? null : dispositionToWire(disposition),
    gone: finding.gone === true,
    reasonCode: finding.reasonCode ?? '',
    reasonParams: finding.reasonParams ?? {},
    assetNumber,
  };
}

/** "" matches every status; anything else must be a finding status by its domain name. */
function findingStatusFilter(status: string): FindingStatus | undefined {
  if (status === '') return undefined;
  if (!(FINDING_STATUSES as readonly string[]).includes(status)) {
    throw new AdminInputError(`status "${status}" is not one of ${FINDING_STATUSES.join(', ')}`);
  }
  return status as FindingStatus;
}

/** 0 leaves a side open (proto3 has no "unset" for int64). */
function timeRange(fromMs: number, toMs: number): { fromMs?: number; toMs?: number } {
  if (fromMs < 0 || toMs < 0) throw new AdminInputError('from_ms and to_ms must not be negative');
  for (const [field, ms] of [
    ['from_ms', fromMs],
    ['to_ms', toMs],
  ] as const) {
    const problem = ms === 0 ? undefined : timeBoundProblem(field, ms);
    if (problem) throw new AdminInputError(problem);
  }
  if (fromMs > 0 && toMs > 0 && fromMs > toMs) {
    throw new AdminInputError(
      `time range is empty: from ${new Date(fromMs).toISOString()} is after to ${new Date(toMs).toISOString()}`,
    );
  }
  return { fromMs: fromMs > 0 ? fromMs : undefined, toMs: toMs > 0 ? toMs : undefined };
}

const findingKey = (key: { deviceId: string; ruleId: string; subject: string }) =>
  `${key.deviceId}\u0000${key.ruleId}\u0000${key.subject}`;

type FleetQueryHandlers = Pick<AdminServiceHandlers, 'GetFleetStatus' | 'ListDevices' | 'ListFindings'>;

export function fleetQueryHandlers(deps: AdminServiceDeps): FleetQueryHandlers {
  const { store, streams, log } = deps;
  return {
    GetFleetStatus(_call, callback) {
      answer(
        log,
        'GetFleetStatus',
        async () => {
          const [counts, page, connected] = await Promise.all([
            store.fleetCounts(),
            store.listDevices({ limit: STATUS_DEVICE_LIST_LIMIT }),
            streams.connectedDeviceIds(),
          ]);
          return {
            devices: counts.devices,
            compliant: counts.compliant,
            failing: counts.failing,
            neverSeen: counts.neverSeen,
            notYetJudged: counts.notJudged,
            // Only clauses of the policy held now: a finding under any other was refused at the door since
            // issue 13 (agent-judged-rules.ts), and one stored by an older release is not shown as a clause.
            byClause: counts.byClause.filter(({ clause }) =>
              policyClauses(deps.policy.current().policy).has(clause),
            ),
            deviceList: page.devices.map((device) => deviceSummary(device, connected)),
            generatedAtMs: Date.now(),
            collectorAlerts: deps.collectorAlerts?.() ?? [],
          };
        },
        callback,
      );
    },
    ListDevices(call, callback) {
      answer(
        log,
        'ListDevices',
        async () => {
          const request = call.request;
          // Read once, before the page: the online filter and each row's flag say the same.
          const connected = await streams.connectedDeviceIds();
          const filter = deviceListFilter(request, {
            policy: deps.policy.current().policy,
            connectedDeviceIds: () => [...connected],
            nowMs: (deps.now ?? Date.now)(),
          });
          const page = await store.listDevices({
            limit: pageLimit(request.limit, 500),
            afterDeviceId: request.afterDeviceId || undefined,
            countTotal: true,
            ...filter,
          });
          return {
            devices: page.devices.map((device) => deviceSummary(device, connected)),
            nextAfterDeviceId: page.nextAfterDeviceId,
            total: page.total ?? 0,
          };
        },
        callback,
      );
    },
    ListFindings(call, callback) {
      answer(
        log,
        'ListFindings',
        async () => {
          const request = call.request;
          const page = await store.listFindings({
            deviceId: request.deviceId || undefined,
            clause: request.clause || undefined,
            ruleId: request.ruleId || undefined,
            openOnly: request.openOnly,
            status: findingStatusFilter(request.status),
            department: request.department || undefined,
            classification: classificationFromWire(request.classification) ?? undefined,
            ...timeRange(request.fromMs, request.toMs),
            sweepId: request.sweepId || undefined,
            history: request.history,
            newestFirst: request.newestFirst,
            limit: pageLimit(request.limit, 200),
            pageToken: request.pageToken || undefined,
          });
          // The corrective measure recorded for each key on the page (reports.ts records them).
          const dispositions = new Map(
            (await store.dispositionsFor(page.findings)).map((disposition) => [
              findingKey(disposition),
              disposition,
            ]),
          );
          // Each device's asset number from the ledger: offices clone one image onto many machines, and the
          // hostname alone does not tell them apart.
          const assetNumbers = new Map<string, string>();
          for (const deviceId of new Set(page.findings.map((finding) => finding.deviceId))) {
            assetNumbers.set(deviceId, (await store.getDevice(deviceId))?.assetNumber ?? '');
          }
          return {
            findings: page.findings.map((finding) =>
              storedFindingToWire(
                finding,
                dispositions.get(findingKey(finding)),
                assetNumbers.get(finding.deviceId),
              ),
            ),
            nextPageToken: page.nextPageToken,
          };
        },
        callback,
      );
    },
  };
}
