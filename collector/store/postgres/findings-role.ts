// The findings role on PostgreSQL (FindingStore, RefusalStore, AgentSilenceStore, ComplianceTrendStore,
// DispositionStore, InspectionStore, and SightingStore.collectorFindingStatuses, which reads current
// findings). Ingest goes through a group commit (../group-commit.ts): the calls of many streams share one
// transaction (findings-ingest.ts). Close: the pending group is committed before the pool ends.
import {
  invalidComplianceDay,
  invalidDayRange,
  invalidDispositionInput,
  invalidRequiredRules,
} from '../findings-input';
import { createGroupCommitter } from '../group-commit';
import type { IngestResult, SightingStore } from '../store';
import { newlySilentDevices, revivedSilentDevices } from './agent-silence';
import {
  assertCollectorFindings,
  collectorFindingStatuses,
  recordCollectorFindingsInTransaction,
} from './collector-findings';
import { complianceDays, failingDevicesOfRule, recordComplianceDay } from './compliance-days';
import { dispositionsFor, markFindingInTransaction } from './dispositions';
import { type FindingsCall, prepareFindingsCall, writeFindingsInTransaction } from './findings-ingest';
import { listFindings } from './findings-listing';
import { fleetCounts } from './fleet-counts';
import type { PostgresStoreOptions } from './index';
import { inspectionMaterial } from './inspection';
import type { PostgresContext } from './pool';
import { listRefusals } from './refusals';
import { requiredRules, setRequiredRulesInTransaction } from './required-rules';
import type { FindingsRole, RolePart } from './roles';

export type FindingsRoleMethods = FindingsRole & Pick<SightingStore, 'collectorFindingStatuses'>;

export function findingsRole(
  context: PostgresContext,
  options: PostgresStoreOptions = {},
): RolePart<FindingsRoleMethods> {
  const ingest = createGroupCommitter<FindingsCall, IngestResult>({
    maxWeight: options.groupCommitMaxRows ?? 5000,
    maxDelayMs: options.groupCommitMaxDelayMs ?? 0,
    commit: (calls) => context.transaction((client) => writeFindingsInTransaction(client, calls)),
  });
  const read = () => {
    context.assertOpen();
    return context.pool;
  };
  const refuse = (invalid: Error | null) => {
    context.assertOpen();
    if (invalid !== null) throw invalid;
  };
  return {
    methods: {
      async recordFindings(deviceId, findings, receivedAtMs, refused) {
        context.assertOpen();
        return ingest.submit(
          // Validated now, overlapping the transaction in progress.
          prepareFindingsCall({
            deviceId,
            findings,
            receivedAtMs,
            ...(refused === undefined ? {} : { refused }),
          }),
          Math.max(1, findings.length + (refused?.length ?? 0)),
        );
      },
      listFindings: async (query) => listFindings(read(), query),
      fleetCounts: async () => fleetCounts(read()),
      async recordCollectorFindings(findings, atMs) {
        context.assertOpen();
        assertCollectorFindings(findings);
        return context.transaction((client) => recordCollectorFindingsInTransaction(client, findings, atMs));
      },
      async setRequiredRules(ruleIds) {
        refuse(invalidRequiredRules(ruleIds));
        return context.transaction((client) => setRequiredRulesInTransaction(client, ruleIds));
      },
      requiredRules: async () => requiredRules(read()),
      listRefusals: async (query) => listRefusals(read(), query),
      newlySilentDevices: async (ruleId, cutoffMs, limit) =>
        newlySilentDevices(read(), ruleId, cutoffMs, limit),
      revivedSilentDevices: async (ruleId, cutoffMs, limit) =>
        revivedSilentDevices(read(), ruleId, cutoffMs, limit),
      failingDevicesOfRule: async (rule) => failingDevicesOfRule(read(), rule),
      async recordComplianceDay(record) {
        refuse(invalidComplianceDay(record));
        await recordComplianceDay(context.pool, record);
      },
      async complianceDays(fromDay, toDay) {
        refuse(invalidDayRange(fromDay, toDay));
        return complianceDays(context.pool, fromDay, toDay);
      },
      async markFinding(input, audit, atMs) {
        refuse(invalidDispositionInput(input));
        return context.transaction((client) => markFindingInTransaction(client, input, audit, atMs));
      },
      dispositionsFor: async (keys) => dispositionsFor(read(), keys),
      inspectionMaterial: async (scope) => inspectionMaterial(read(), scope),
      collectorFindingStatuses: async (ruleId, subject, deviceIds) =>
        collectorFindingStatuses(read(), ruleId, subject, deviceIds),
    },
    close: () => ingest.drain(),
  };
}
