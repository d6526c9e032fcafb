// 3.7.6: the antivirus must be a domestic product approved by public security (the policy's list).
// 3.7.5: its signatures must be kept current. Every product found is judged, approved or not: stale
// signatures are a problem whichever product carries them.

import { type CatalogueReason, reasonOf } from '../../policies/messages/reason-catalogue';
import { approvedAntivirusParams, fullScanAgeParams, signatureAgeParams } from '../../policies/rule-params';
import type { AntivirusProductFact, ProcessFact } from '../facts';
import type { Check, CheckOutcome, FailingReason } from './check';

const APPROVED = 'antivirus-approved-installed';
const SIGNATURES = 'antivirus-signatures-current';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Clocks drift a little; a build time further in the future than this means a wrong clock or header. */
const CLOCK_SKEW_TOLERANCE_MS = 60 * 60 * 1000;

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** Every name the product is known by: its definition's, or the one name a probe without one gives. */
function namesOf(product: AntivirusProductFact): readonly string[] {
  return product.names && product.names.length > 0 ? product.names : [product.product];
}

/**
 * A Security Center entry whose product's own files and services are all absent: as far as the machine
 * shows, the product is not there (a registration can be made by a tool that is not the product), so no
 * rule about it may pass.
 */
function notCorroborated(ruleId: string, product: AntivirusProductFact): CheckOutcome {
  return {
    ruleId,
    subject: product.product,
    status: 'fail',
    evidence: { product: product.product, corroborated: false, installPaths: product.installPaths ?? [] },
    reason: reasonOf('antivirus.not-corroborated', { product: product.product }),
  };
}

function judgeApproved(
  products: readonly AntivirusProductFact[],
  approvedNames: readonly string[],
): CheckOutcome[] {
  const approved = new Set(approvedNames.map(normalizeName));
  if (products.length === 0) {
    return [
      {
        ruleId: APPROVED,
        subject: '',
        status: 'fail',
        evidence: { productsFound: [], approvedProducts: approvedNames },
        reason: reasonOf('antivirus.none-installed', {}),
      },
    ];
  }
  return products.map((product) =>
    product.corroborated === false
      ? notCorroborated(APPROVED, product)
      : namesOf(product).some((name) => approved.has(normalizeName(name)))
        ? {
            ruleId: APPROVED,
            subject: product.product,
            status: 'pass',
            evidence: { product: product.product, names: namesOf(product) },
            reason: reasonOf('antivirus.approved', { product: product.product }),
          }
        : {
            ruleId: APPROVED,
            subject: product.product,
            status: 'fail',
            evidence: { product: product.product, names: namesOf(product), approvedProducts: approvedNames },
            reason: reasonOf('antivirus.not-approved', { product: product.product }),
          },
  );
}

function judgeSignatureAge(
  products: readonly AntivirusProductFact[],
  maxAgeDays: number,
  nowMs: number,
): CheckOutcome[] {
  if (products.length === 0) {
    return [
      {
        ruleId: SIGNATURES,
        subject: '',
        status: 'fail',
        evidence: { productsFound: [] },
        reason: reasonOf('antivirus.none', {}),
      },
    ];
  }
  return products.map((product): CheckOutcome => {
    if (product.corroborated === false) return notCorroborated(SIGNATURES, product);
    // Security Center's own word that the signatures are out of date fails them whatever date is known
    // (it can never pass them: a current flag is a claim, not a date).
    if (product.signaturesOutOfDate === true)
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'fail',
        evidence: { product: product.product, signaturesOutOfDate: true, maxSignatureAgeDays: maxAgeDays },
        reason: reasonOf('antivirus.signatures-out-of-date-reported', { product: product.product }),
      };
    // Database files where the product has them (ClamAV); the product's own report where it has none
    // (Windows Defender's AntivirusSignatureLastUpdated).
    const buildTimes = [
      ...product.databases.map((database) => database.builtAtMs),
      product.signaturesUpdatedAtMs ?? null,
    ].filter((builtAtMs): builtAtMs is number => builtAtMs !== null);
    const evidence: Record<string, unknown> = {
      databases: product.databases,
      signaturesUpdatedAt:
        product.signaturesUpdatedAtMs != null ? new Date(product.signaturesUpdatedAtMs).toISOString() : null,
      maxSignatureAgeDays: maxAgeDays,
    };
    // The probe could not read a source the definition names, or there is none: a date read elsewhere
    // may not be the newest, so nothing short of every source read is a verdict.
    const unknownBecause = product.signaturesUnknownBecause ?? null;
    if (unknownBecause !== null) {
      evidence.signaturesUnknownBecause = unknownBecause;
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'error',
        evidence,
        reason: reasonOf('antivirus.signatures-unknown', {
          product: product.product,
          detail: unknownBecause,
        }),
      };
    }
    if (buildTimes.length === 0) {
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'error',
        evidence,
        reason: reasonOf('antivirus.signatures-unreadable', { product: product.product }),
      };
    }
    const newestMs = Math.max(...buildTimes);
    const ageMs = nowMs - newestMs;
    const builtAt = new Date(newestMs).toISOString();
    const ageDays = String(Math.floor(ageMs / DAY_MS));
    const maxDays = String(maxAgeDays);
    evidence.newestBuildAt = builtAt;
    evidence.ageDays = Math.floor(ageMs / DAY_MS);
    if (ageMs < -CLOCK_SKEW_TOLERANCE_MS) {
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'error',
        evidence,
        reason: reasonOf('antivirus.signatures-future', { product: product.product, builtAt }),
      };
    }
    if (ageMs > maxAgeDays * DAY_MS) {
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'fail',
        evidence,
        reason: reasonOf('antivirus.signatures-stale', {
          product: product.product,
          ageDays,
          builtAt,
          maxDays,
        }),
      };
    }
    return {
      ruleId: SIGNATURES,
      subject: product.product,
      status: 'pass',
      evidence,
      reason: reasonOf('antivirus.signatures-current', { product: product.product, ageDays, maxDays }),
    };
  });
}

export const antivirusCheck: Check = {
  family: 'antivirus',
  ruleIds: [APPROVED, SIGNATURES],
  needs: ['antivirus'],
  judge(facts, context) {
    if (!facts.antivirus.ok) throw new Error('engine ran antivirus without antivirus facts');
    const { products } = facts.antivirus.facts;
    const outcomes: CheckOutcome[] = [];
    const approvedRule = context.rules.get(APPROVED);
    if (approvedRule) {
      outcomes.push(
        ...judgeApproved(products, approvedAntivirusParams.parse(approvedRule.params).approved_products),
      );
    }
    const signatureRule = context.rules.get(SIGNATURES);
    if (signatureRule) {
      const { max_signature_age_days } = signatureAgeParams.parse(signatureRule.params);
      outcomes.push(...judgeSignatureAge(products, max_signature_age_days, context.nowMs));
    }
    return outcomes;
  },
};

// 3.7.5: scans run regularly and real-time protection is on. A separate check because it also needs the
// processes fact: whether a product runs, and whether its on-access scanner does (ClamAV's is the `clamonacc`
// daemon, ClamAV ≥ 0.102; clamd alone scans only on request), is seen among the processes, which no database
// file shows. Only real-time protection reads the processes (ruleNeeds): a process list that cannot be read
// leaves the full-scan rule judged.
const FULL_SCAN = 'antivirus-full-scan-recent';
const REALTIME = 'antivirus-realtime-protection-on';

function judgeFullScan(
  products: readonly AntivirusProductFact[],
  maxAgeDays: number,
  nowMs: number,
): CheckOutcome[] {
  if (products.length === 0)
    return [
      {
        ruleId: FULL_SCAN,
        subject: '',
        status: 'fail',
        evidence: { productsFound: [] },
        reason: reasonOf('antivirus.none', {}),
      },
    ];
  return products.map((product): CheckOutcome => {
    if (product.corroborated === false) return notCorroborated(FULL_SCAN, product);
    const evidence: Record<string, unknown> = { maxFullScanAgeDays: maxAgeDays };
    const lastMs = product.lastFullScanAtMs ?? null;
    const unknownBecause = product.fullScanUnknownBecause ?? null;
    if (lastMs === null && unknownBecause !== null)
      return {
        ruleId: FULL_SCAN,
        subject: product.product,
        status: 'error',
        evidence: { ...evidence, fullScanUnknownBecause: unknownBecause },
        reason: reasonOf('antivirus.full-scan-unknown', { product: product.product, detail: unknownBecause }),
      };
    if (lastMs === null)
      return {
        ruleId: FULL_SCAN,
        subject: product.product,
        status: 'fail',
        evidence,
        reason: reasonOf('antivirus.no-full-scan', { product: product.product }),
      };
    const at = new Date(lastMs).toISOString();
    const ageDays = String(Math.floor((nowMs - lastMs) / DAY_MS));
    const maxDays = String(maxAgeDays);
    evidence.lastFullScanAt = at;
    evidence.ageDays = Math.floor((nowMs - lastMs) / DAY_MS);
    if (nowMs - lastMs < -CLOCK_SKEW_TOLERANCE_MS)
      return {
        ruleId: FULL_SCAN,
        subject: product.product,
        status: 'error',
        evidence,
        reason: reasonOf('antivirus.full-scan-future', { product: product.product, at }),
      };
    if (nowMs - lastMs > maxAgeDays * DAY_MS)
      return {
        ruleId: FULL_SCAN,
        subject: product.product,
        status: 'fail',
        evidence,
        reason: reasonOf('antivirus.full-scan-old', { product: product.product, ageDays, at, maxDays }),
      };
    return {
      ruleId: FULL_SCAN,
      subject: product.product,
      status: 'pass',
      evidence,
      reason: reasonOf('antivirus.full-scan-recent', { product: product.product, ageDays, maxDays }),
    };
  });
}

/**
 * Whether the product runs: as its probe saw it whole (Windows), else any of its units with a live process or
 * any of its resident processes among the processes. null when nothing documents how to see it run.
 */
function productRunning(
  product: AntivirusProductFact,
  processes: readonly ProcessFact[],
): { running: boolean | null; seen: string[]; lookedFor: string[] } {
  const units = product.services ?? [];
  const names = product.processNames ?? [];
  const lookedFor = [...units.map((unit) => unit.name), ...names];
  if (product.running !== undefined && product.running !== null)
    return { running: product.running, seen: [], lookedFor };
  const seen = [
    ...units.filter((unit) => unit.running === true).map((unit) => unit.name),
    ...new Set(processes.filter((process) => names.includes(process.name)).map((process) => process.name)),
  ];
  if (seen.length > 0) return { running: true, seen, lookedFor };
  // Its resident processes not running says it is stopped; units alone say so only when they can be seen.
  const canTell = names.length > 0 || (units.length > 0 && units.every((unit) => unit.running === false));
  return { running: canTell ? false : null, seen, lookedFor };
}

function judgeRealtime(
  products: readonly AntivirusProductFact[],
  processes: readonly ProcessFact[],
): CheckOutcome[] {
  if (products.length === 0)
    return [
      {
        ruleId: REALTIME,
        subject: '',
        status: 'fail',
        evidence: { productsFound: [] },
        reason: reasonOf('antivirus.none', {}),
      },
    ];
  return products.map((product): CheckOutcome => {
    const subject = product.product;
    const reported = product.realtimeProtection ?? null;
    const { running, seen, lookedFor } = productRunning(product, processes);
    const daemons = product.realtimeProcesses ?? [];
    const realtimeRunning = [
      ...new Set(
        processes.filter((process) => daemons.includes(process.name)).map((process) => process.name),
      ),
    ];
    const evidence = {
      reportedByProduct: reported,
      running,
      runningParts: seen,
      lookedFor,
      realtimeProcesses: daemons,
      realtimeRunning,
    };
    const passing = (reason: CatalogueReason): CheckOutcome => ({
      ruleId: REALTIME,
      subject,
      evidence,
      status: 'pass',
      reason,
    });
    const failing = (status: 'fail' | 'error', reason: FailingReason): CheckOutcome => ({
      ruleId: REALTIME,
      subject,
      evidence,
      status,
      reason,
    });
    // The product's own report where it gives one (Windows Security Center's state).
    if (reported === true) return passing(reasonOf('antivirus.realtime-reported-on', { product: subject }));
    if (reported === false) return failing('fail', reasonOf('antivirus.realtime-off', { product: subject }));
    if (running === false)
      return failing(
        'fail',
        reasonOf('antivirus.not-running', { product: subject, lookedFor: lookedFor.join(', ') }),
      );
    if (daemons.length > 0)
      return realtimeRunning.length > 0
        ? passing(
            reasonOf('antivirus.realtime-process-runs', {
              product: subject,
              processes: realtimeRunning.join(', '),
            }),
          )
        : failing(
            'fail',
            reasonOf('antivirus.realtime-daemon-not-running', {
              product: subject,
              daemons: daemons.join(', '),
            }),
          );
    if (running === true)
      return failing(
        'error',
        reasonOf('antivirus.realtime-process-unknown', { product: subject, running: seen.join(', ') }),
      );
    return failing(
      'error',
      product.definitionId
        ? reasonOf('antivirus.running-unknown', { product: subject })
        : reasonOf('antivirus.realtime-unknown', { product: subject }),
    );
  });
}

export const antivirusProtectionCheck: Check = {
  family: 'antivirus-protection',
  ruleIds: [FULL_SCAN, REALTIME],
  needs: ['antivirus', 'processes'],
  ruleNeeds: { [FULL_SCAN]: ['antivirus'], [REALTIME]: ['antivirus', 'processes'] },
  judge(facts, context) {
    if (!facts.antivirus.ok) throw new Error('engine ran antivirus-protection without antivirus facts');
    const { products } = facts.antivirus.facts;
    const outcomes: CheckOutcome[] = [];
    const scanRule = context.rules.get(FULL_SCAN);
    if (scanRule)
      outcomes.push(
        ...judgeFullScan(
          products,
          fullScanAgeParams.parse(scanRule.params).max_full_scan_age_days,
          context.nowMs,
        ),
      );
    if (context.rules.has(REALTIME)) {
      if (!facts.processes.ok) throw new Error('engine ran antivirus-realtime without processes facts');
      outcomes.push(...judgeRealtime(products, facts.processes.facts.processes));
    }
    return outcomes;
  },
};
