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
import { reasonOf } from '../../policies/messages/reason-catalogue';
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
      reason: reasonOf('printing.server-shared', {}),
    });
  } else if (facts.serverSharing === null && facts.installed) {
    outcomes.push({
      ruleId: NOT_SHARED,
      subject: 'print server',
      status: 'error',
      evidence: { serverSharing: null, auditingSource: facts.auditing.source },
      reason: reasonOf('printing.server-config-missing', {}),
    });
  }
  for (const queue of facts.queues.filter((entry) => entry.shared)) {
    outcomes.push({
      ruleId: NOT_SHARED,
      subject: queue.name,
      status: 'fail',
      evidence: { queue },
      reason: reasonOf('printing.queue-shared', { queue: queue.name }),
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
        ? reasonOf('printing.not-shared', { queues: String(facts.queues.length) })
        : reasonOf('printing.not-installed', {}),
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
        reason: reasonOf('printing.no-network-printer', { queues: String(facts.queues.length) }),
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
        reason: reasonOf('printing.queue-host-name', { queue: queue.name, host }),
      };
    }
    return allowed.networks.some((network) => networkContains(network, address.value))
      ? {
          ruleId: NETWORK_ALLOWED,
          subject: queue.name,
          status: 'pass',
          evidence,
          reason: reasonOf('printing.queue-inside', { queue: queue.name, host }),
        }
      : {
          ruleId: NETWORK_ALLOWED,
          subject: queue.name,
          status: 'fail',
          evidence,
          reason: reasonOf('printing.queue-outside', {
            queue: queue.name,
            host,
            allowed: allowed.cidrs.join(', ') || 'none',
          }),
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
      reason: reasonOf('printing.not-installed', {}),
    };
  if (facts.auditing.enabled === true)
    return {
      ruleId: AUDITING,
      subject: '',
      status: 'pass',
      evidence,
      reason: reasonOf('printing.auditing-on', { source: facts.auditing.source }),
    };
  if (facts.auditing.enabled === false)
    return {
      ruleId: AUDITING,
      subject: '',
      status: 'fail',
      evidence,
      reason: reasonOf('printing.auditing-off', { source: facts.auditing.source }),
    };
  return {
    ruleId: AUDITING,
    subject: '',
    status: 'error',
    evidence,
    reason: reasonOf('printing.auditing-unknown', { source: facts.auditing.source }),
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
