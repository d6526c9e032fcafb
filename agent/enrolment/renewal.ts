// Certificate renewal without a person: when less than a third of the certificate's lifetime remains, make
// a new key and CSR, ask the collector over the current mTLS channel (Renew), save the answer, and hand the
// new credentials to the runtime so the link reconnects with them.
//
// Timing (renewalPlan, retryDelayMs; pure, tested on their own):
//   lifetime   = notAfter − max(notBefore, when we received it)   (the collector back-dates notBefore)
//   renew at   = notAfter − lifetime × (1/3 − spread/12), spread in [0, 1) from the certificate's serial:
//                between a third and a quarter of the lifetime left. A fleet installed in one day would
//                otherwise renew in one minute 60 days later; a 90-day certificate now renews somewhere in
//                days 60–67.5, the same moment on every restart (the serial does not change);
//   the timer is set for that moment, at most MAX_WAIT_MS ahead (setTimeout cannot wait 60 days, and a
//   clock that jumps is noticed at the next look);
//   a failure retries after lifetime/30 clamped to [0.5 s, 30 s], doubling up to lifetime/10 clamped to
//   [that, 10 min]: a 90-day certificate retries at most every 30 s, a 30-second one about every second.
import { createHash } from 'node:crypto';
import type { IssuedCertificate__Output } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import type { AgentLog } from '../agent-log';
import { type AdvertisedCollectors, keepAdvertisedFromAnswer } from './advertised-collectors';
import { type AgentCredentials, saveAgentCredentials } from './agent-credentials';
import { checkIssued } from './enrol';

export const MAX_WAIT_MS = 6 * 60 * 60 * 1000;
const MIN_RETRY_MS = 500;
const MAX_FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 10 * 60 * 1000;

export type RenewalPlan = { due: true } | { due: false; inMs: number };

type CertificateTimes = Pick<AgentCredentials, 'notBeforeMs' | 'notAfterMs' | 'obtainedAtMs'> & {
  /** Spreads renewals of a fleet over time; without it, renewal is at exactly a third left. */
  serial?: string;
};

/** A fraction in [0, 1), the same for the same serial: the first 32 bits of its SHA-256. */
export function renewalSpread(serial: string | undefined): number {
  if (!serial) return 0;
  return createHash('sha256').update(serial).digest().readUInt32BE(0) / 2 ** 32;
}

export function lifetimeMs(cert: CertificateTimes): number {
  const start = Math.min(Math.max(cert.notBeforeMs, cert.obtainedAtMs), cert.notAfterMs);
  return cert.notAfterMs - start;
}

/** Whether to renew now, or how long until it is time. */
export function renewalPlan(cert: CertificateTimes, nowMs: number): RenewalPlan {
  const renewAt = cert.notAfterMs - lifetimeMs(cert) * (1 / 3 - renewalSpread(cert.serial) / 12);
  if (nowMs >= renewAt) return { due: true };
  return { due: false, inMs: Math.ceil(renewAt - nowMs) };
}

/** The wait before retry number `failures` (1 = after the first failure). */
export function retryDelayMs(lifetime: number, failures: number): number {
  const first = clamp(lifetime / 30, MIN_RETRY_MS, MAX_FIRST_RETRY_MS);
  const ceiling = clamp(lifetime / 10, first, MAX_RETRY_MS);
  return Math.round(Math.min(ceiling, first * 2 ** Math.max(0, failures - 1)));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

export type RenewAnswer =
  | { ok: true; issued: IssuedCertificate__Output }
  | { ok: false; reason: 'refused' | 'unreachable'; message: string };

/** The Renew call over the current mTLS channel (the link provides it). */
export type RenewCall = (csrPem: string) => Promise<RenewAnswer>;

export type RenewOutcome =
  /** advertised: the collectors' agent addresses the answer carried, as kept (advertised-collectors.ts). */
  | { ok: true; credentials: AgentCredentials; advertised: AdvertisedCollectors }
  | { ok: false; reason: 'refused' | 'unreachable' | 'untrusted'; message: string };

/** One renewal: new key and CSR → Renew → check the answer against our CA, key and device → save. */
export async function renewCredentials(
  dataDir: string,
  current: AgentCredentials,
  renew: RenewCall,
): Promise<RenewOutcome> {
  // Loaded only when renewing: csr.ts brings @peculiar/x509 (about 23 MB resident), idle the rest of the time.
  const { createAgentKeyAndCsr } = await import('./csr');
  const { privateKeyPem, csrPem } = await createAgentKeyAndCsr(current.deviceId);
  const answer = await renew(csrPem);
  if (!answer.ok) return answer;
  const checked = checkIssued(answer.issued, current.caPem, privateKeyPem);
  if (!checked.ok) return checked;
  if (checked.deviceId !== current.deviceId) {
    return {
      ok: false,
      reason: 'untrusted',
      message: `the renewed certificate names device "${checked.deviceId}", not ours ("${current.deviceId}")`,
    };
  }
  const credentials = await saveAgentCredentials(dataDir, {
    caPem: current.caPem,
    keyPem: privateKeyPem,
    certPem: answer.issued.certificatePem,
  });
  const advertised = await keepAdvertisedFromAnswer(dataDir, answer.issued.agentAddresses, 'renewal');
  return { ok: true, credentials, advertised };
}

export interface RenewalOptions {
  dataDir: string;
  /** The credentials in use now. */
  current: () => AgentCredentials;
  renew: RenewCall;
  /** Called with the saved new credentials; resolves once the link uses them. */
  onRenewed: (credentials: AgentCredentials) => Promise<void>;
  log: AgentLog;
  now?: () => number;
}

export interface Renewal {
  stop(): void;
}

/** Looks at the certificate now and then whenever renewalPlan says, renewing when due. */
export function startRenewal(options: RenewalOptions): Renewal {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), Math.min(Math.max(delayMs, 0), MAX_WAIT_MS));
  };

  const tick = async () => {
    if (stopped) return;
    const current = options.current();
    const plan = renewalPlan(current, now());
    if (!plan.due) {
      schedule(plan.inMs);
      return;
    }
    const lifetime = lifetimeMs(current);
    const outcome = await renewCredentials(options.dataDir, current, options.renew).catch(
      (error: Error): RenewOutcome => ({ ok: false, reason: 'untrusted', message: error.message }),
    );
    if (stopped) return;
    if (outcome.ok) {
      failures = 0;
      options.log.info('certificate renewed', {
        deviceId: outcome.credentials.deviceId,
        serial: outcome.credentials.serial,
        notAfter: new Date(outcome.credentials.notAfterMs).toISOString(),
      });
      if (!outcome.advertised.ok)
        options.log.warn('advertised collector addresses not kept', { problem: outcome.advertised.problem });
      await options
        .onRenewed(outcome.credentials)
        .catch((error: Error) =>
          options.log.error('renewed certificate not taken into use', { error: error.message }),
        );
      // Never sooner than the first retry delay, even if the new certificate already looks due (a collector
      // clock far ahead of ours): renewing in a loop would only burn CPU and fill the collector's table.
      const next = renewalPlan(options.current(), now());
      schedule(Math.max(next.due ? 0 : next.inMs, retryDelayMs(lifetimeMs(options.current()), 1)));
      return;
    }
    failures += 1;
    const delay = retryDelayMs(lifetime, failures);
    const expired = now() >= current.notAfterMs;
    options.log.error(expired ? 'certificate expired and renewal failed' : 'certificate renewal failed', {
      deviceId: current.deviceId,
      reason: outcome.reason,
      error: outcome.message,
      notAfter: new Date(current.notAfterMs).toISOString(),
      retryInMs: delay,
      ...(expired ? { remedy: 'enrol again with a new token (shoumi-agent enrol --force)' } : {}),
    });
    schedule(delay);
  };

  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
