// 3.7.4: no printer shared between classified and non-classified computers; 3.7.7: printing controlled and
// audited. Three rules read the printers fact:
//   printer-not-shared — every queue marked shared fails (even while cupsd listens only on loopback: one
//     `cupsctl --share-printers` away from the network), and so does a print server open to the network.
//   network-printer-allowed — every queue printing to a network host must name an address inside the allowed
//     networks (the ledger's list for this device when it has one, else the rule's). A queue addressed by
//     host name or DNS-SD service name fails: where a name leads cannot be shown without resolving it, which a
//     check may not do, and DNS can change under the queue anyway. The remedy is to address the printer by IP.
//   print-auditing-enabled — the print system logs every job; a machine with no print system cannot print
//     and the rule does not apply to it.

import { networkContains, parseIpAddress } from '../../policies/ip-network';
import type { LedgerSlice, Rule } from '../../policies/model';
import type { PrintersFacts } from '../facts';
import { allowedNetworksFor } from './allowed-networks';
import type { Check, CheckOutcome } from './check';

const NOT_SHARED = 'printer-not-shared';
const NETWORK_ALLOWED = 'network-printer-allowed';
const AUDITING = 'print-auditing-enabled';

function judgeSharing(facts: PrintersFacts): CheckOutcome[] {
  const outcomes: CheckOutcome[] = [];
  if (facts.serverSharing === true) {
    outcomes.push({
      ruleId: NOT_SHARED,
      subject: 'print server',
      status: 'fail',
      evidence: { serverSharing: true },
      reason:
        'the print server accepts connections from the network (CUPS: Port 631 or Listen beyond localhost)',
    });
  } else if (facts.serverSharing === null && facts.installed) {
    outcomes.push({
      ruleId: NOT_SHARED,
      subject: 'print server',
      status: 'error',
      evidence: { serverSharing: null, auditingSource: facts.auditing.source },
      reason: 'cannot tell whether the print server shares its queues: its configuration was not found',
    });
  }
  for (const queue of facts.queues.filter((entry) => entry.shared)) {
    outcomes.push({
      ruleId: NOT_SHARED,
      subject: queue.name,
      status: 'fail',
      evidence: { queue },
      reason: `print queue ${queue.name} is marked shared`,
    });
  }
  if (outcomes.length > 0) return outcomes;
  return [
    {
      ruleId: NOT_SHARED,
      subject: '',
      status: 'pass',
      evidence: {
        installed: facts.installed,
        serverSharing: facts.serverSharing,
        queues: facts.queues.length,
      },
      reason: facts.installed
        ? `none of ${facts.queues.length} print queues is shared, and the print server listens on this computer only`
        : 'no print system is installed',
    },
  ];
}

function judgeNetworkPrinters(facts: PrintersFacts, rule: Rule, ledger: LedgerSlice): CheckOutcome[] {
  const allowed = allowedNetworksFor(rule, ledger);
  const allowedEvidence = { allowedNetworks: allowed.cidrs, allowedNetworksFrom: allowed.source };
  const remote = facts.queues.filter((queue) => queue.remoteHost !== null);
  if (remote.length === 0) {
    return [
      {
        ruleId: NETWORK_ALLOWED,
        subject: '',
        status: 'pass',
        evidence: { queues: facts.queues.length, networkQueues: 0, ...allowedEvidence },
        reason: `no network printer among ${facts.queues.length} print queues`,
      },
    ];
  }
  return remote.map((queue): CheckOutcome => {
    const host = queue.remoteHost!;
    const evidence = { queue, ...allowedEvidence };
    const address = parseIpAddress(host);
    if (!address.ok) {
      return {
        ruleId: NETWORK_ALLOWED,
        subject: queue.name,
        status: 'fail',
        evidence,
        reason: `print queue ${queue.name} prints to "${host}", a name, not an address: it cannot be shown to lie inside the allowed networks; address the printer by IP`,
      };
    }
    return allowed.networks.some((network) => networkContains(network, address.value))
      ? {
          ruleId: NETWORK_ALLOWED,
          subject: queue.name,
          status: 'pass',
          evidence,
          reason: `print queue ${queue.name} prints to ${host}, inside the allowed networks`,
        }
      : {
          ruleId: NETWORK_ALLOWED,
          subject: queue.name,
          status: 'fail',
          evidence,
          reason: `print queue ${queue.name} prints to ${host}, outside the allowed networks (${allowed.cidrs.join(', ') || 'none'})`,
        };
  });
}

function judgeAuditing(facts: PrintersFacts): CheckOutcome {
  const evidence = { installed: facts.installed, auditing: facts.auditing };
  if (!facts.installed)
    return {
      ruleId: AUDITING,
      subject: '',
      status: 'not_applicable',
      evidence,
      reason: 'no print system is installed',
    };
  if (facts.auditing.enabled === true)
    return {
      ruleId: AUDITING,
      subject: '',
      status: 'pass',
      evidence,
      reason: `every print job is logged (${facts.auditing.source})`,
    };
  if (facts.auditing.enabled === false)
    return {
      ruleId: AUDITING,
      subject: '',
      status: 'fail',
      evidence,
      reason: `print jobs are not logged (${facts.auditing.source})`,
    };
  return {
    ruleId: AUDITING,
    subject: '',
    status: 'error',
    evidence,
    reason: `cannot tell whether print jobs are logged (${facts.auditing.source})`,
  };
}

export const printingCheck: Check = {
  family: 'printing',
  ruleIds: [NOT_SHARED, NETWORK_ALLOWED, AUDITING],
  needs: ['printers'],
  judge(facts, context) {
    if (!facts.printers.ok) throw new Error('engine ran printing without printers facts');
    const printers = facts.printers.facts;
    const outcomes: CheckOutcome[] = [];
    if (context.rules.has(NOT_SHARED)) outcomes.push(...judgeSharing(printers));
    const networkRule = context.rules.get(NETWORK_ALLOWED);
    if (networkRule) outcomes.push(...judgeNetworkPrinters(printers, networkRule, context.ledger));
    if (context.rules.has(AUDITING)) outcomes.push(judgeAuditing(printers));
    return outcomes;
  },
};
