// The credentials an agent starts with: the stored ones, or, when it has none yet, the ones enrolment gets
// with the install-time token and CA fingerprint. Used by `run` (and by `install`, which enrols before it
// starts the service). A stored set always wins; the token is then not needed and not used.
// `run` waits for a collector it cannot reach yet (retrying with jittered backoff: a fleet installed while
// the collector is down must not give up); a refusal, a wrong pin or bad input ends it with the reason.
// Several enrolment addresses (enrol --collector a:7702,b:7702) are tried in turn: an unreachable one passes
// to the next, cycling, with the same backoff between attempts; any answer (enrolled or refused) ends it.
import type { AgentLog } from '../agent-log';
import { fullJitterBackoff } from '../link/backoff';
import { type AgentCredentials, loadAgentCredentials, tlsDirectory } from './agent-credentials';
import { type EnrolOutcome, enrol } from './enrol';

export interface EnrolmentSettings {
  /** host:port of the collector's enrolment port, or several tried in turn; none when only `run` is wanted
   *  with stored credentials (then enrolling is refused, naming what is missing). */
  address?: string | readonly string[];
  token?: string;
  caSha256?: string;
}

export interface EnsureEnrolledOptions {
  dataDir: string;
  enrolment: EnrolmentSettings;
  /** The id to ask for if enrolment is needed (the derived one, or --device-id); only called then. */
  requestedDeviceId: () => Promise<string>;
  log: AgentLog;
  /** Keep trying while the enrolment port cannot be reached (default: give up at once). */
  waitForCollector?: boolean;
}

export function enrolmentAddresses(settings: EnrolmentSettings): string[] {
  return settings.address === undefined ? [] : [settings.address].flat();
}

export async function ensureEnrolled(options: EnsureEnrolledOptions): Promise<AgentCredentials> {
  const stored = await loadAgentCredentials(options.dataDir);
  if (stored) return stored;
  const { token, caSha256 } = options.enrolment;
  const addresses = enrolmentAddresses(options.enrolment);
  if (!token || !caSha256 || addresses.length === 0) {
    throw new Error(
      `not enrolled: ${tlsDirectory(options.dataDir)} holds no certificate, and enrolling needs ` +
        `${[addresses.length === 0 && '--collector or --enrol', !token && '--token', !caSha256 && '--ca-sha256'].filter(Boolean).join(' and ')} ` +
        '(an enrolment token from `shoumi-collector token create` and the CA fingerprint from `pki init`)',
    );
  }
  return enrolOrThrow({ ...options, token, caSha256 });
}

/** Enrols now, replacing any stored credentials; logs the outcome (never the token or keys). */
export async function enrolOrThrow(
  options: EnsureEnrolledOptions & { token: string; caSha256: string },
): Promise<AgentCredentials> {
  const requested = await options.requestedDeviceId();
  const backoff = fullJitterBackoff({ baseMs: 1_000, capMs: 60_000 });
  const addresses = enrolmentAddresses(options.enrolment);
  if (addresses.length === 0)
    throw new Error('enrolling needs the enrolment address (--collector or --enrol)');
  let outcome: EnrolOutcome;
  let address = addresses[0] as string;
  for (let attempt = 1; ; attempt++) {
    outcome = await enrol({
      enrolAddress: address,
      token: options.token,
      caSha256: options.caSha256,
      deviceId: requested,
      dataDir: options.dataDir,
    });
    if (outcome.ok || outcome.reason !== 'unreachable') break;
    // Without waiting, each address is tried once.
    if (!options.waitForCollector && attempt >= addresses.length) break;
    const delay = backoff.next();
    const next = addresses[attempt % addresses.length] as string;
    options.log.warn('collector not reachable for enrolment; trying again', {
      collector: address,
      ...(next !== address ? { next } : {}),
      error: outcome.message,
      retryInMs: delay,
    });
    address = next;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  if (!outcome.ok) {
    options.log.error(outcome.reason === 'refused' ? 'enrolment refused' : 'enrolment failed', {
      collector: address,
      requestedDeviceId: requested,
      reason: outcome.reason,
      error: outcome.message,
    });
    throw new Error(`enrolment failed: ${outcome.message}`);
  }
  const { credentials, advertised } = outcome;
  if (!advertised.ok) {
    options.log.warn('the collector advertised agent addresses that cannot be used; kept none', {
      problem: advertised.problem,
    });
  }
  options.log.info('enrolled', {
    deviceId: credentials.deviceId,
    requestedDeviceId: requested,
    collector: address,
    ...(advertised.ok && advertised.addresses.length > 0
      ? { advertisedCollectors: advertised.addresses }
      : {}),
    serial: credentials.serial,
    notAfter: new Date(credentials.notAfterMs).toISOString(),
  });
  return credentials;
}
