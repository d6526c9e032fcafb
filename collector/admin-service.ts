// The admin service: read-only fleet queries for now (status, devices, findings). Methods that change state
// arrive with the fleet-operations and security issues, each as validate → authorize → change + audit → answer.
import * as grpc from '@grpc/grpc-js';
import { classificationToWire, severityToWire, statusToWire } from '../proto/convert';
import type { AdminServiceHandlers } from '../proto/generated/shoumi/v1/AdminService';
import type { DeviceSummary } from '../proto/generated/shoumi/v1/DeviceSummary';
import type { StoredFinding as WireStoredFinding } from '../proto/generated/shoumi/v1/StoredFinding';
import type { AgentConnections } from './agent-connections';
import type { Logger } from './logger';
import type { DeviceRecord, Store, StoredFinding } from './store/store';

const STATUS_DEVICE_LIST_LIMIT = 100;
const MAX_PAGE = 1000;

export interface AdminServiceDeps {
  store: Store;
  connections: AgentConnections;
  log: Logger;
}

function deviceSummary(device: DeviceRecord, connections: AgentConnections): DeviceSummary {
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
    connected: connections.isConnected(device.deviceId),
    failing: device.counts.fail,
    errors: device.counts.error,
    passing: device.counts.pass,
    notApplicable: device.counts.not_applicable,
    lastSeq: device.lastSeq,
    agentVersion: device.agentVersion,
    policyVersion: device.policyVersion,
    os: device.hardware ? `${device.hardware.osName} ${device.hardware.osVersion}`.trim() : '',
  };
}

function storedFindingToWire(finding: StoredFinding): WireStoredFinding {
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
  };
}

const pageLimit = (requested: number, fallback: number) =>
  requested > 0 ? Math.min(requested, MAX_PAGE) : fallback;

/** Turns a rejected store call into a gRPC status instead of an unhandled rejection. */
function answer<T>(
  log: Logger,
  method: string,
  work: () => Promise<T>,
  callback: (error: grpc.ServiceError | null, value?: T) => void,
) {
  work().then(
    (value) => callback(null, value),
    (error: Error) => {
      log.error('admin call failed', { method, error: error.message });
      callback({
        name: 'AdminError',
        message: error.message,
        code: grpc.status.INTERNAL,
        details: error.message,
        metadata: new grpc.Metadata(),
      });
    },
  );
}

export function adminServiceHandlers(deps: AdminServiceDeps): AdminServiceHandlers {
  const { store, connections, log } = deps;
  return {
    GetFleetStatus(_call, callback) {
      answer(
        log,
        'GetFleetStatus',
        async () => {
          const [counts, page] = await Promise.all([
            store.fleetCounts(),
            store.listDevices({ limit: STATUS_DEVICE_LIST_LIMIT }),
          ]);
          return {
            devices: counts.devices,
            compliant: counts.compliant,
            failing: counts.failing,
            neverSeen: counts.neverSeen,
            byClause: counts.byClause,
            deviceList: page.devices.map((device) => deviceSummary(device, connections)),
            generatedAtMs: Date.now(),
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
          const page = await store.listDevices({
            limit: pageLimit(call.request.limit, 500),
            afterDeviceId: call.request.afterDeviceId || undefined,
          });
          return {
            devices: page.devices.map((device) => deviceSummary(device, connections)),
            nextAfterDeviceId: page.nextAfterDeviceId,
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
            openOnly: request.openOnly,
            history: request.history,
            limit: pageLimit(request.limit, 200),
            pageToken: request.pageToken || undefined,
          });
          return { findings: page.findings.map(storedFindingToWire), nextPageToken: page.nextPageToken };
        },
        callback,
      );
    },
  };
}
