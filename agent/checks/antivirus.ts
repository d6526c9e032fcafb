// 3.7.6: the antivirus must be a domestic product approved by public security (the policy's list).
// 3.7.5: its signatures must be kept current. Every product found is judged, approved or not: stale
// signatures are a problem whichever product carries them.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import { approvedAntivirusParams, fullScanAgeParams, signatureAgeParams } from '../../policies/rule-params';
import type { AntivirusProductFact, ProcessFact } from '../facts';
import type { Check, CheckOutcome } from './check';

const APPROVED = 'antivirus-approved-installed';
const SIGNATURES = 'antivirus-signatures-current';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Clocks drift a little; a build time further in the future than this means a wrong clock or header. */
const CLOCK_SKEW_TOLERANCE_MS = 60 * 60 * 1000;

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
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
    approved.has(normalizeName(product.product))
      ? {
          ruleId: APPROVED,
          subject: product.product,
          status: 'pass',
          evidence: { product: product.product },
          reason: reasonOf('antivirus.approved', { product: product.product }),
        }
      : {
          ruleId: APPROVED,
          subject: product.product,
          status: 'fail',
          evidence: { product: product.product, approvedProducts: approvedNames },
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
// processes fact: ClamAV's on-access scanner is the `clamonacc` daemon (ClamAV ≥ 0.102; clamd alone scans
// only on request), which no database file shows. Only real-time protection reads the processes
// (ruleNeeds): a process list that cannot be read leaves the full-scan rule judged.
const FULL_SCAN = 'antivirus-full-scan-recent';
const REALTIME = 'antivirus-realtime-protection-on';
/** Processes that are a product's real-time protection, by product name as the probes report it. */
const REALTIME_PROCESSES: Readonly<Record<string, readonly string[]>> = { clamav: ['clamonacc'] };

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
    const evidence: Record<string, unknown> = { maxFullScanAgeDays: maxAgeDays };
    const lastMs = product.lastFullScanAtMs ?? null;
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
    const daemons = REALTIME_PROCESSES[normalizeName(product.product)] ?? [];
    const running = processes.filter((process) => daemons.includes(process.name));
    const reported = product.realtimeProtection ?? null;
    const on = reported ?? (daemons.length > 0 ? running.length > 0 : null);
    const evidence = { reportedByProduct: reported, realtimeProcesses: daemons, running };
    if (on === true)
      return {
        ruleId: REALTIME,
        subject: product.product,
        status: 'pass',
        evidence,
        reason:
          reported === true
            ? reasonOf('antivirus.realtime-reported-on', { product: product.product })
            : reasonOf('antivirus.realtime-process-runs', {
                product: product.product,
                processes: running.map((process) => process.name).join(', '),
              }),
      };
    if (on === false)
      return {
        ruleId: REALTIME,
        subject: product.product,
        status: 'fail',
        evidence,
        reason:
          daemons.length > 0 && reported === null
            ? reasonOf('antivirus.realtime-daemon-not-running', {
                product: product.product,
                daemons: daemons.join(', '),
              })
            : reasonOf('antivirus.realtime-off', { product: product.product }),
      };
    return {
      ruleId: REALTIME,
      subject: product.product,
      status: 'error',
      evidence,
      reason: reasonOf('antivirus.realtime-unknown', { product: product.product }),
    };
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
