// The inspection record on the wire (admin_reports.proto) and back. The collector sends what it built;
// shoumictl turns the answer back into the same InspectionRecord its renderers take. A value the wire
// cannot carry faithfully (an unknown status, coverage or ledger status) is refused with the field named: a
// record read wrongly could say "inspected" or "put right" where the collector did not.
import type { FindingStatus, Severity } from '../../policies/model';
import {
  classificationFromWire,
  classificationToWire,
  severityFromWire,
  severityToWire,
  statusFromWire,
  statusToWire,
} from '../../proto/convert';
import type {
  Disposition__Output,
  Disposition as WireDisposition,
} from '../../proto/generated/shoumi/v1/Disposition';
import type {
  InspectionReport,
  InspectionReport__Output,
} from '../../proto/generated/shoumi/v1/InspectionReport';
import { DEVICE_STATUSES, type Disposition } from '../store/store';
import {
  COVERAGES,
  type Coverage,
  type InspectionRecord,
  RECORD_FORMAT,
  type RecordDisposition,
} from './inspection-record';

const NO_CURRENT_FINDING = 'FINDING_STATUS_UNSPECIFIED';

export function dispositionToWire(disposition: Disposition): WireDisposition {
  return { ...disposition };
}

function recordDispositionFromWire(wire: Disposition__Output | null): RecordDisposition | null {
  if (wire === null) return null;
  const { measure, completed, completedAtMs, recordedBy, recordedAtMs, auditPosition } = wire;
  return { measure, completed, completedAtMs, recordedBy, recordedAtMs, auditPosition };
}

export function inspectionRecordToWire(record: InspectionRecord): InspectionReport {
  const scope = record.scope;
  return {
    sweepId: scope.kind === 'sweep' ? scope.sweepId : '',
    fromMs: scope.kind === 'sweep' ? scope.startedAtMs : scope.fromMs,
    toMs: scope.kind === 'sweep' ? scope.completedAtMs : scope.toMs,
    generatedAtMs: record.generatedAtMs,
    inspectedUnit: record.inspectedUnit.configured ? record.inspectedUnit.name : '',
    inspectedUnitConfigured: record.inspectedUnit.configured,
    inspector: record.inspector,
    policyName: record.policyName,
    policyVersion: record.policyVersion,
    devices: record.devices.map((device) => ({
      ...device,
      classification: classificationToWire(device.classification),
    })),
    items: record.items,
    problems: record.problems.map((problem) => ({
      ...problem,
      classification: classificationToWire(problem.classification),
      status: statusToWire(problem.status),
      severity: severityToWire(problem.severity),
      latestStatus: statusToWire(problem.latestStatus),
      currentStatus:
        problem.currentStatus === null ? NO_CURRENT_FINDING : statusToWire(problem.currentStatus),
      disposition: problem.disposition,
    })),
  };
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`the collector's inspection report has an unknown ${field}`);
  return value;
}

export function inspectionRecordFromWire(wire: InspectionReport__Output): InspectionRecord {
  return {
    format: RECORD_FORMAT,
    scope:
      wire.sweepId !== ''
        ? { kind: 'sweep', sweepId: wire.sweepId, startedAtMs: wire.fromMs, completedAtMs: wire.toMs }
        : { kind: 'window', fromMs: wire.fromMs, toMs: wire.toMs },
    generatedAtMs: wire.generatedAtMs,
    inspectedUnit: wire.inspectedUnitConfigured
      ? { configured: true, name: wire.inspectedUnit }
      : { configured: false },
    inspector: wire.inspector,
    policyName: wire.policyName,
    policyVersion: wire.policyVersion,
    devices: wire.devices.map((device, index) => ({
      deviceId: device.deviceId,
      hostname: device.hostname,
      assetNumber: device.assetNumber,
      classification: classificationFromWire(device.classification),
      responsiblePerson: device.responsiblePerson,
      department: device.department,
      location: device.location,
      ledgerStatus: required(
        DEVICE_STATUSES.find((status) => status === device.ledgerStatus),
        `ledger status "${device.ledgerStatus}" (devices[${index}])`,
      ),
      coverage: required(
        COVERAGES.find((coverage): coverage is Coverage => coverage === device.coverage),
        `coverage "${device.coverage}" (devices[${index}])`,
      ),
      answeredAtMs: device.answeredAtMs,
      coverageError: device.coverageError,
      findings: device.findings,
      problems: device.problems,
      unjudgedItems: device.unjudgedItems,
    })),
    items: wire.items.map(({ ruleId, clause, titleZh, titleEn }) => ({ ruleId, clause, titleZh, titleEn })),
    problems: wire.problems.map((problem, index) => {
      const status: FindingStatus = required(statusFromWire(problem.status), `status (problems[${index}])`);
      if (status !== 'fail' && status !== 'error')
        throw new Error(
          `the collector's inspection report lists a ${status} finding as a problem (problems[${index}])`,
        );
      const severity: Severity = required(
        severityFromWire(problem.severity),
        `severity (problems[${index}])`,
      );
      return {
        deviceId: problem.deviceId,
        hostname: problem.hostname,
        assetNumber: problem.assetNumber,
        classification: classificationFromWire(problem.classification),
        responsiblePerson: problem.responsiblePerson,
        department: problem.department,
        ruleId: problem.ruleId,
        clause: problem.clause,
        titleZh: problem.titleZh,
        titleEn: problem.titleEn,
        subject: problem.subject,
        status,
        severity,
        reason: problem.reason,
        reasonCode: problem.reasonCode,
        reasonParams: { ...problem.reasonParams },
        observedAtMs: problem.observedAtMs,
        latestStatus: required(statusFromWire(problem.latestStatus), `latest status (problems[${index}])`),
        currentStatus:
          String(problem.currentStatus) === NO_CURRENT_FINDING
            ? null
            : required(statusFromWire(problem.currentStatus), `current status (problems[${index}])`),
        currentObservedAtMs: problem.currentObservedAtMs,
        remediationZh: problem.remediationZh,
        remediationEn: problem.remediationEn,
        disposition: recordDispositionFromWire(problem.disposition),
      };
    }),
  };
}
