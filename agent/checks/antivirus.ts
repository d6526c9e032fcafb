// 3.7.6: the antivirus must be a domestic product approved by public security (the policy's list).
// 3.7.5: its signatures must be kept current. Every product found is judged, approved or not: stale
// signatures are a problem whichever product carries them.

import { approvedAntivirusParams, signatureAgeParams } from '../../policies/rule-params';
import type { AntivirusProductFact } from '../facts';
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
        reason: 'no antivirus product is installed',
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
          reason: '',
        }
      : {
          ruleId: APPROVED,
          subject: product.product,
          status: 'fail',
          evidence: { product: product.product, approvedProducts: approvedNames },
          reason: `${product.product} is not on the approved list of domestic antivirus products`,
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
        reason: 'no antivirus',
      },
    ];
  }
  return products.map((product): CheckOutcome => {
    const buildTimes = product.databases
      .map((database) => database.builtAtMs)
      .filter((builtAtMs): builtAtMs is number => builtAtMs !== null);
    const evidence: Record<string, unknown> = {
      databases: product.databases,
      maxSignatureAgeDays: maxAgeDays,
    };
    if (buildTimes.length === 0) {
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'error',
        evidence,
        reason: `${product.product}: no signature database with a readable build time`,
      };
    }
    const newestMs = Math.max(...buildTimes);
    const ageMs = nowMs - newestMs;
    evidence.newestBuildAt = new Date(newestMs).toISOString();
    evidence.ageDays = Math.floor(ageMs / DAY_MS);
    if (ageMs < -CLOCK_SKEW_TOLERANCE_MS) {
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'error',
        evidence,
        reason: `${product.product}: newest signatures claim to be built in the future (${evidence.newestBuildAt}); the clock or the database header is wrong`,
      };
    }
    if (ageMs > maxAgeDays * DAY_MS) {
      return {
        ruleId: SIGNATURES,
        subject: product.product,
        status: 'fail',
        evidence,
        reason: `${product.product}: newest signatures are ${evidence.ageDays} days old (built ${evidence.newestBuildAt}); at most ${maxAgeDays} allowed`,
      };
    }
    return { ruleId: SIGNATURES, subject: product.product, status: 'pass', evidence, reason: '' };
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
