// Dispositions (corrective measures) and inspection records (3.12.2).
//   MarkFinding: validate → record the measure and its audit record in one store transaction → answer.
//   GetInspectionReport: read the scope's stored facts → build the record (collector/reports/), naming the
//   inspected unit the collector was started with (`serve --unit`) → answer.

import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import { personOf } from '../peer-auth';
import { buildInspectionRecord } from '../reports/build-inspection-record';
import { dispositionToWire, inspectionRecordToWire } from '../reports/inspection-record-wire';
import { type InspectionScope, MAX_MEASURE_CHARS } from '../store/store';
import {
  AdminInputError,
  AdminNotFoundError,
  type AdminServiceDeps,
  answer,
  auditContextOf,
} from './admin-call';
import { timeBoundProblem } from './time-bound';

const MAX_INSPECTOR_CHARS = 200;

export function reportHandlers(
  deps: AdminServiceDeps,
): Pick<AdminServiceHandlers, 'MarkFinding' | 'GetInspectionReport'> {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  return {
    MarkFinding(call, callback) {
      answer(
        log,
        'MarkFinding',
        async () => {
          const request = call.request;
          const deviceId = request.deviceId.trim();
          const ruleId = request.ruleId.trim();
          const measure = request.measure.trim();
          if (deviceId === '') throw new AdminInputError('device id is required');
          if (ruleId === '') throw new AdminInputError('rule id is required');
          if (measure === '')
            throw new AdminInputError('the corrective measure (--measure) must not be empty');
          if (measure.length > MAX_MEASURE_CHARS)
            throw new AdminInputError(
              `the corrective measure is ${measure.length} characters long; at most ${MAX_MEASURE_CHARS} are kept`,
            );
          const outcome = await store.markFinding(
            { deviceId, ruleId, subject: request.subject, measure, completed: request.completed },
            auditContextOf(call),
            now(),
          );
          if (outcome.kind === 'unknown-device')
            throw new AdminNotFoundError(`no device "${deviceId}" in the ledger`);
          if (outcome.kind === 'no-current-finding')
            throw new AdminNotFoundError(
              `device "${deviceId}" has no current finding for rule "${ruleId}" and subject "${request.subject}"` +
                ' (shoumictl findings --device ID lists them)',
            );
          return dispositionToWire(outcome.disposition);
        },
        callback,
      );
    },
    GetInspectionReport(call, callback) {
      answer(
        log,
        'GetInspectionReport',
        async () => {
          const request = call.request;
          const sweepId = request.sweepId.trim();
          const windowAsked = request.fromMs !== 0 || request.toMs !== 0;
          let scope: InspectionScope;
          if (sweepId !== '' && windowAsked)
            throw new AdminInputError('give either a sweep id or a time window, not both');
          if (sweepId !== '') scope = { kind: 'sweep', sweepId };
          else {
            if (request.fromMs <= 0 || request.toMs <= 0)
              throw new AdminInputError('give a sweep id, or both ends of the time window (from and to)');
            const outOfRange =
              timeBoundProblem('from_ms', request.fromMs) ?? timeBoundProblem('to_ms', request.toMs);
            if (outOfRange) throw new AdminInputError(outOfRange);
            if (request.fromMs > request.toMs)
              throw new AdminInputError(
                `the window starts (${new Date(request.fromMs).toISOString()}) after it ends (${new Date(request.toMs).toISOString()})`,
              );
            scope = { kind: 'window', fromMs: request.fromMs, toMs: request.toMs };
          }
          const inspector = request.inspector.trim() || personOf(auditContextOf(call).actor);
          if (inspector.length > MAX_INSPECTOR_CHARS)
            throw new AdminInputError(
              `the inspector's name is longer than ${MAX_INSPECTOR_CHARS} characters`,
            );
          const material = await store.inspectionMaterial(scope);
          if (material === null)
            throw new AdminNotFoundError(`no sweep "${sweepId}" (shoumictl sweep list shows them)`);
          const record = buildInspectionRecord(material, {
            policy: deps.policy.current().policy,
            inspector,
            inspectedUnit: deps.inspectedUnit,
            generatedAtMs: now(),
            window: scope.kind === 'window' ? { fromMs: scope.fromMs, toMs: scope.toMs } : undefined,
          });
          return inspectionRecordToWire(record);
        },
        callback,
      );
    },
  };
}
