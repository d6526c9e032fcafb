// Builds and runs one collector: the start-up and shutdown order is decided here and nowhere else.
//
// Start:    lock the data directory → on a shared PostgreSQL store, copy the cluster's CA, server
//           certificate and policy from the database into it (cluster/cluster-start.ts) → read the PKI (CA,
//           server certificate; none is fatal: pki init first) → open the store (migrations) → verify the audit trail and its seals (broken or emptied: refused, or
//           a new recorded epoch with --new-audit-epoch; audit/start-up-check.ts) → the collector's seal key →
//           load the policy (a broken file is fatal here, there is no last good one yet) → tell the store the
//           rules every device must be judged on → read the disk against its reserve (a collector started on a
//           nearly full disk says so at once) → bind the agent service (mTLS) → bind the enrolment service (TLS, no client
//           certificate) → bind the admin service (mTLS) → the console and --metrics-listen (HTTPS, mTLS; both
//           serve GET /metrics) → audit "collector.started" → start the fleet jobs (sweep schedules, firing once
//           any that missed a time while down; expiry; the silent-agent watch) → seal the head and start the seal
//           timer (audit/collector-sealer.ts).
//           The fleet jobs' stream listener is registered before the agent service binds: no hello is missed.
//           The coordination (coordination/coordination.ts: several collectors on one database act as one) is
//           opened right after the store, for the store it goes with (open-coordination.ts), or handed in;
//           every listener of its notices and its delivery handler are registered before the agent service
//           binds, so nothing told to this collector once it holds a stream is missed.
// Shutdown: stop the seal timer and seal the head once more → stop the compliance trend (its leadership,
//           then its last write where it led) → stop the fleet jobs (notices first, then their leaderships,
//           then timers, then the sweep fires, passes and answers in flight are stored) → end agent streams
//           (they reconnect elsewhere or later) → stop the servers accepting (the admin server first, then the
//           counts of refused admin calls it held are written) → stop listening to notices (policy pushes,
//           change notices) → wait for the stream directory to hear every release → stop the disk reserve
//           timer → close the coordination (its leases and streams end: other collectors know at once) →
//           close the store (flushes the pending group commit) → release the data directory lock.
import * as grpc from '@grpc/grpc-js';
import { agentRuleIds } from '../policies/rule-params';
import { loadContract } from '../proto/load';
import { applyTlsPolicy } from '../proto/tls-policy';
import { admission } from './admin/authorization';
import { refusalTrail } from './admin/refusal-trail';
import { adminServiceHandlers } from './admin-service';
import { type AgentConnections, agentConnections } from './agent-connections';
import { type AgentEvents, composeAgentEvents } from './agent-events';
import { agentServiceHandlers } from './agent-service';
import { collectorSealer, DEFAULT_SEAL_INTERVAL_MS } from './audit/collector-sealer';
import { ensureCollectorSealKey } from './audit/seal-key';
import { type AuditStartCheckScope, checkTrailAtStart } from './audit/start-up-check';
import { changeNoticeEvents } from './change-notice-events';
import { type ChangeNotices, changeNotices } from './change-notices';
import { startClusterFiles } from './cluster/cluster-start';
import { createComplianceTrendJob } from './compliance-trend-job';
import { adminDoor } from './console/admin-door';
import { startConsoleServer } from './console/console-server';
import { hostTimeZone } from './console/console-time';
import { CONSOLE_ROUTES } from './console/pages';
import type { Coordination } from './coordination/coordination';
import { openCoordination } from './coordination/open-coordination';
import { openDataDir, tightenDataDirFiles } from './data-dir';
import { DEFAULT_DISK_RESERVE, type DiskReserveSetting } from './disk-reserve';
import { diskReserveWatch, type StatDisk } from './disk-reserve-watch';
import { enrolmentServiceHandlers } from './enrolment-service';
import { sightingsListener } from './fleet/sightings-listener';
import { type IntakeBudget, intakeBudget } from './intake-budget';
import type { Logger } from './logger';
import { type CollectorMetrics, collectorMetrics } from './metrics/collector-metrics';
import { metricsEndpoint } from './metrics/metrics-endpoint';
import { startMetricsListener } from './metrics/metrics-listener';
import { peerAuthenticator } from './peer-auth';
import { type CollectorPki, loadCollectorPki } from './pki/pki-files';
import { createPolicyFanOut } from './policy-fan-out';
import { openPolicySource, type PolicySource } from './policy-source';
import type { RateLimit } from './rate-limit';
import { sqliteStoreFileOf } from './store/open-store';
import { openPostgresStore } from './store/postgres/index';
import { openSqliteStore } from './store/sqlite';
import { lockDataDir } from './store/sqlite/data-dir-lock';
import type { Store } from './store/store';
import { handleStreamDeliveries } from './stream-deliveries';
import { createFleetSweeps } from './sweeps/fleet-sweeps';

/** Largest message either side accepts; a finding batch is at most 5000 findings of ≤ 64 KiB evidence each. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface CollectorOptions {
  dataDir: string;
  /** host:port for agents (mTLS); port 0 picks a free one. */
  listen: string;
  /** host:port for enrolment (TLS without client certificates; the Enrol call only). */
  enrolListen: string;
  /** host:port for shoumictl (mTLS with administrator certificates). */
  adminListen: string;
  /** host:port for the web console (HTTPS with administrator certificates); no console when absent. */
  consoleListen?: string;
  /** host:port for GET /metrics alone (HTTPS, administrator certificates); none when absent. The console
   * serves /metrics as well when it runs. */
  metricsListen?: string;
  /** IANA zone the console shows times in; the host's when absent. */
  timeZone?: string;
  /** Lifetime of the agent certificates this collector issues (default 90 days). */
  agentCertificateValidityMs?: number;
  /** Rate limits per identity (defaults in agent-service.ts and admin/authorization.ts); tests lower them. */
  limits?: {
    agentMessages?: RateLimit;
    agentStreams?: RateLimit;
    adminCalls?: RateLimit;
    adminCallsPerSource?: RateLimit;
  };
  /** Free space kept on the data directory's filesystem (disk-reserve.ts); DEFAULT_DISK_RESERVE when omitted. */
  diskReserve?: DiskReserveSetting;
  /** How that space is read; tests play a nearly full disk with a fake. */
  statDisk?: StatDisk;
  /** Findings held decoded, waiting for their commit, across all agent streams (intake-budget.ts); a test
   * may hand in its own budget to watch it. */
  intakeBudget?: number | IntakeBudget;
  /** The inspected unit (被检查单位) named in inspection records, already checked (reports/inspected-unit.ts). */
  inspectedUnit?: string;
  policyFile: string;
  /** How often the collector seals the audit chain head when it has grown (default 5 minutes). */
  sealIntervalMs?: number;
  /** serve --new-audit-epoch --reason TEXT: start a new recorded epoch over a broken or emptied trail. */
  newAuditEpoch?: { reason: string };
  /** How much of the audit chain start-up walks (audit/start-up-check.ts); the whole chain when absent. */
  auditStartCheck?: AuditStartCheckScope;
  /** Every collector's agent address, told to agents in the enrolment answer (proto/agent-addresses.ts). */
  advertisedAgentAddresses?: readonly string[];
  /**
   * What this collector shares with the others on its database (coordination/coordination.ts); the one
   * its store goes with when absent (open-coordination.ts). Closed when the collector stops.
   */
  coordination?: Coordination;
  /**
   * postgres://… : the store is the database several collectors share, and so is the coordination; the
   * SQLite file in the data directory when absent.
   */
  storeUrl?: string;
  /** The operator key file that opens the cluster files sealed in that database (cluster/cluster-start.ts). */
  operatorKeyFile?: string;
  /** How often the cluster files are re-read from the database (CLUSTER_FILES_REREAD_MS); tests shorten it. */
  clusterRereadMs?: number;
  log: Logger;
}

export interface RunningCollector {
  agentAddress: string;
  enrolAddress: string;
  adminAddress: string;
  /** "https://host:port/" of the console; undefined when it was not asked for. */
  consoleUrl?: string;
  /** "https://host:port/metrics" of --metrics-listen; undefined when it was not asked for. */
  metricsUrl?: string;
  /** This collector's metrics (metrics/collector-metrics.ts): where fleet jobs record their leadership. */
  metrics: CollectorMetrics;
  store: Store;
  /** What changed, for live views (change-notices.ts). */
  notices: ChangeNotices;
  /** The agent streams this collector holds. */
  connections: AgentConnections;
  /** What this collector shares with the others on its database. */
  coordination: Coordination;
  policy: PolicySource;
  stop(): Promise<void>;
}

function splitHostPort(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!match) throw new Error(`"${address}" is not HOST:PORT`);
  return { host: match[1]!, port: Number(match[2]) };
}

/** mTLS: the handshake requires a client certificate chaining to our CA; peer-auth.ts reads who it is. */
function mutualTls(pki: CollectorPki): grpc.ServerCredentials {
  return grpc.ServerCredentials.createSsl(
    Buffer.from(pki.caPem),
    [{ cert_chain: Buffer.from(pki.serverChainPem), private_key: Buffer.from(pki.serverKeyPem) }],
    true,
  );
}

/** Server-authenticated TLS for enrolment: the agent has no certificate yet and pins our CA instead. */
function serverOnlyTls(pki: CollectorPki): grpc.ServerCredentials {
  return grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: Buffer.from(pki.serverChainPem), private_key: Buffer.from(pki.serverKeyPem) }],
    false,
  );
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, credentials, (error, port) =>
      error ? reject(new Error(`cannot listen on ${address}: ${error.message}`)) : resolve(port),
    ),
  );
}

function shutdown(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  // Dead agents (power cut, cable pulled) are noticed within a minute instead of the kernel's two hours.
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
};

/** Enrolment carries one small unary call from peers without a certificate: small messages, short life. */
const ENROL_SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': 64 * 1024,
  'grpc.max_send_message_length': 64 * 1024,
  'grpc.max_connection_age_ms': 60_000,
  'grpc.max_connection_idle_ms': 30_000,
};

export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const { log } = options;
  // TLS 1.3, and TLS 1.2 with AEAD suites only, on all three listeners (proto/tls-policy.ts says why this way).
  applyTlsPolicy();
  const admin = splitHostPort(options.adminListen);
  const enrol = splitHostPort(options.enrolListen);
  splitHostPort(options.listen);

  // 0700 and 0600 whatever the umask; refuses a directory others may write (data-dir.ts).
  await openDataDir(options.dataDir, log);
  const lock = await lockDataDir(options.dataDir);
  const cleanup: (() => Promise<void>)[] = [() => lock.release()];
  const unwind = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    // On a shared database, the cluster's CA, server certificate and policy are copied in before they are read.
    const cluster = options.storeUrl
      ? await startClusterFiles({
          storeUrl: options.storeUrl,
          operatorKeyFile: options.operatorKeyFile,
          dataDir: options.dataDir,
          policyFile: options.policyFile,
          log,
          rereadMs: options.clusterRereadMs,
        })
      : undefined;
    if (cluster) cleanup.push(() => cluster.stop());
    const policyFile = cluster?.policyFile ?? options.policyFile;
    const pki = await loadCollectorPki(options.dataDir);
    const store = options.storeUrl
      ? await openPostgresStore(options.storeUrl, { applicationName: 'shoumi collector store' })
      : await openSqliteStore(sqliteStoreFileOf(options.dataDir));
    cleanup.push(() => store.close());
    const coordination =
      options.coordination ??
      (await openCoordination(
        options.storeUrl ? { kind: 'postgres', url: options.storeUrl, log } : { kind: 'sqlite' },
      ));
    cleanup.push(() => coordination.close());
    await tightenDataDirFiles(options.dataDir); // SQLite made the new store and its -wal 0644
    const caPem = pki.authority.cert.toString('pem');
    await checkTrailAtStart({
      store,
      dataDir: options.dataDir,
      caPem,
      log,
      ...(options.newAuditEpoch ? { newEpoch: options.newAuditEpoch } : {}),
      ...(options.auditStartCheck ? { scope: options.auditStartCheck } : {}),
    });
    const sealer = collectorSealer({
      store,
      key: await ensureCollectorSealKey(options.dataDir, pki.authority),
      dataDir: options.dataDir,
      intervalMs: options.sealIntervalMs ?? DEFAULT_SEAL_INTERVAL_MS,
      log,
    });
    // Runs before the store closes (cleanup unwinds in reverse): the last records of this run get sealed.
    cleanup.push(async () => {
      await sealer.stop();
      await sealer
        .sealNow()
        .catch((error: Error) => log.error('collector audit seal failed', { error: error.message }));
    });
    const policy = await openPolicySource(policyFile, log);
    cleanup.push(async () => policy.close());
    // Compliance is claimed only on evidence: before any agent connects, the store learns which rules every
    // device must hold a current verdict for (the policy's rules minus the collector's own).
    await store.setRequiredRules(agentRuleIds(policy.current().policy));
    // The disk reserve is read before anything can write: a collector started on a full disk says so first.
    const disk = diskReserveWatch({
      dataDir: options.dataDir,
      setting: options.diskReserve ?? DEFAULT_DISK_RESERVE,
      store,
      log,
      statDisk: options.statDisk,
    });
    await disk.start();
    cleanup.push(async () => disk.stop());
    // Streams held here are claimed in the coordination's stream directory; every release is heard there
    // before it closes.
    const connections = agentConnections(coordination.streams, log);
    cleanup.push(() => connections.settled());
    const intake =
      typeof options.intakeBudget === 'object' ? options.intakeBudget : intakeBudget(options.intakeBudget);
    const metrics = collectorMetrics({ intake, streams: connections });
    // The fleet jobs lead through this: each leadership is what /metrics reports (shoumi_job_leading{job}).
    const fleetJobs: Coordination = {
      collectorId: coordination.collectorId,
      claimSlot: (job, slot) => coordination.claimSlot(job, slot),
      lead: (job, work) => {
        const leadership = coordination.lead(job, work);
        metrics.recordLeadership(job, leadership);
        return leadership;
      },
      notices: coordination.notices,
      streams: coordination.streams,
      close: () => coordination.close(),
    };
    // Listeners of the agent streams (fleet correlation, sweeps), in the order they are told.
    const sweeps = createFleetSweeps({ store, connections, policy, coordination: fleetJobs, log });
    const notices = changeNotices(coordination.notices);
    cleanup.push(async () => notices.close());
    const policyFanOut = createPolicyFanOut({ store, policy, connections, coordination, log });
    cleanup.push(() => policyFanOut.close());
    handleStreamDeliveries({
      streams: coordination.streams,
      connections,
      dispatchSweeps: sweeps.dispatchToDevice,
      pushPolicy: policyFanOut.pushHeldHere,
      log,
    });
    const agentEventListeners: AgentEvents[] = [
      sightingsListener({ store, policy, log }),
      sweeps.events,
      changeNoticeEvents(notices),
    ];

    const authenticator = peerAuthenticator({ caCert: pki.authority.cert, store });
    const contract = loadContract();
    const agentServer = new grpc.Server({ ...SERVER_OPTIONS, interceptors: metrics.grpcInterceptors });
    agentServer.addService(
      contract.shoumi.v1.AgentService.service,
      agentServiceHandlers({
        store: metrics.observedIngest(store),
        authenticator,
        messageRate: options.limits?.agentMessages,
        streamRate: options.limits?.agentStreams,
        intake,
        policy,
        connections,
        log,
        events: composeAgentEvents(agentEventListeners, log),
        authority: pki.authority,
        agentCertificateValidityMs: options.agentCertificateValidityMs,
        advertisedAgentAddresses: options.advertisedAgentAddresses,
      }),
    );
    const agentPort = await bind(agentServer, options.listen, mutualTls(pki));
    cleanup.push(() => shutdown(agentServer, 2000));

    const enrolServer = new grpc.Server({
      ...ENROL_SERVER_OPTIONS,
      interceptors: metrics.grpcInterceptors,
    });
    enrolServer.addService(
      contract.shoumi.v1.EnrolmentService.service,
      enrolmentServiceHandlers({
        store,
        authority: pki.authority,
        log,
        agentCertificateValidityMs: options.agentCertificateValidityMs,
        writeRefusal: disk.refusal,
        advertisedAgentAddresses: options.advertisedAgentAddresses,
      }),
    );
    const enrolPort = await bind(enrolServer, options.enrolListen, serverOnlyTls(pki));
    cleanup.push(() => shutdown(enrolServer, 2000));

    // Refusals counted by the minute; what is held is written once the admin server has stopped accepting.
    const refusals = refusalTrail({ store, log });
    cleanup.push(() => refusals.stop());
    const adminServer = new grpc.Server({ ...SERVER_OPTIONS, interceptors: metrics.grpcInterceptors });
    // One set of authorized handlers serves both doors: the gRPC admin listener and the console.
    const adminHandlers = adminServiceHandlers(
      {
        store,
        streams: coordination.streams,
        policy,
        log,
        pushPolicyBundles: (deviceIds) => policyFanOut.push(deviceIds),
        sweeps: sweeps.control,
        authority: pki.authority,
        inspectedUnit: options.inspectedUnit,
        collectorAlerts: disk.alerts,
        dataDir: options.dataDir,
        timeZone: options.timeZone ?? hostTimeZone(),
      },
      {
        authenticator,
        rateLimit: options.limits?.adminCalls,
        sourceRateLimit: options.limits?.adminCallsPerSource,
        refusals,
        writeRefusal: disk.refusal,
      },
    );
    adminServer.addService(contract.shoumi.v1.AdminService.service, adminHandlers);
    const adminPort = await bind(adminServer, options.adminListen, mutualTls(pki));
    cleanup.push(() => shutdown(adminServer, 2000));
    // GET /metrics, on the console and on --metrics-listen: admitted as the operator endpoint Metrics, with
    // limiters of its own (at the admin calls' rates) and the admin calls' refusal trail (a flood of refused
    // scrapes is counted, not recorded one by one).
    const metricsDoor = metricsEndpoint({
      registry: metrics.registry,
      admission: admission({
        authenticator,
        store,
        log,
        refusals,
        rateLimit: options.limits?.adminCalls,
        sourceRateLimit: options.limits?.adminCallsPerSource,
      }),
      log,
    });
    const consoleServer = options.consoleListen
      ? await startConsoleServer({
          listen: options.consoleListen,
          pki,
          door: adminDoor(adminHandlers, contract.shoumi.v1.AdminService.service),
          authenticator,
          routes: CONSOLE_ROUTES,
          notices,
          timeZone: options.timeZone ?? hostTimeZone(),
          inspectedUnit: options.inspectedUnit,
          log,
          metrics: metricsDoor,
        })
      : undefined;
    if (consoleServer) cleanup.push(() => consoleServer.stop());
    const metricsListener = options.metricsListen
      ? await startMetricsListener({ listen: options.metricsListen, pki, endpoint: metricsDoor, log })
      : undefined;
    if (metricsListener) cleanup.push(() => metricsListener.stop());

    policy.onReload((result) => {
      const audit = { actor: 'collector', source: 'local', target: policyFile };
      if (!result.ok) {
        void store.appendAudit(
          { ...audit, action: 'policy.refused', detail: { problems: result.message }, outcome: 'refused' },
          Date.now(),
        );
        return;
      }
      // Every good reload, changed version or not: the store compares the sets and recounts only on a change.
      store
        .setRequiredRules(agentRuleIds(result.loaded.policy))
        .catch((error: Error) =>
          log.error('cannot update the rules devices must be judged on', { error: error.message }),
        );
      if (!result.changed) return;
      void store.appendAudit(
        {
          ...audit,
          action: 'policy.reloaded',
          detail: { version: result.loaded.version },
          outcome: 'allowed',
        },
        Date.now(),
      );
      void policyFanOut.push();
    });

    await store.appendAudit(
      {
        actor: 'collector',
        source: 'local',
        action: 'collector.started',
        target: options.dataDir,
        detail: { pid: process.pid, policyVersion: policy.current().version },
        outcome: 'allowed',
      },
      Date.now(),
    );
    cleanup.push(() => sweeps.stop());
    await sweeps.start();
    // Today's row of the compliance trend: now, every few minutes, and last at stop (before the store closes).
    const trend = createComplianceTrendJob({
      store,
      policy,
      lead: (job, work) => fleetJobs.lead(job, work),
      log,
      timeZone: options.timeZone ?? hostTimeZone(),
    });
    cleanup.push(() => trend.stop());
    await trend.start();
    await sealer.sealNow();
    sealer.start();
    const agentAddress = `${splitHostPort(options.listen).host}:${agentPort}`;
    const adminAddress = `${admin.host}:${adminPort}`;
    const enrolAddress = `${enrol.host}:${enrolPort}`;
    log.info('collector listening', {
      agents: agentAddress,
      enrolment: enrolAddress,
      admin: adminAddress,
      ...(consoleServer ? { console: consoleServer.url } : {}),
      ...(metricsListener ? { metrics: metricsListener.url } : {}),
      dataDir: options.dataDir,
    });

    let stopping: Promise<void> | undefined;
    return {
      agentAddress,
      enrolAddress,
      adminAddress,
      ...(consoleServer ? { consoleUrl: consoleServer.url } : {}),
      ...(metricsListener ? { metricsUrl: metricsListener.url } : {}),
      metrics,
      store,
      notices,
      connections,
      coordination,
      policy,
      stop() {
        stopping ??= (async () => {
          await sweeps.stop();
          for (const stream of connections.all()) stream.close();
          await unwind();
          log.info('collector stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}
