import { describe, expect, it } from 'vitest';
import type { ConnectionFact, RouteFact } from '../facts';
import { contextFor, judgeInEnglish, makeFacts, networkFacts, ruleFor } from './facts-for-tests';
import { networkEgressCheck } from './network-egress';

const routeRule = (allowed: string[] = []) =>
  ruleFor('default-route-gateway-allowed', { allowed_networks: allowed });
const peersRule = (allowed: string[] = []) =>
  ruleFor('connection-peers-allowed', { allowed_networks: allowed });

function route(overrides: Partial<RouteFact>): RouteFact {
  return {
    family: 4,
    interface: 'eth0',
    destination: '0.0.0.0/0',
    gateway: '10.20.0.1',
    metric: 100,
    ...overrides,
  };
}

function connection(address: string, port = 443, overrides: Partial<ConnectionFact> = {}): ConnectionFact {
  return {
    protocol: 'tcp',
    family: address.includes(':') ? 6 : 4,
    local: { address: '10.20.0.5', port: 50000 },
    remote: { address, port },
    state: 'ESTABLISHED',
    ...overrides,
  };
}

describe('default routes (3.7.4)', () => {
  it('passes with no default route', () => {
    const facts = makeFacts({
      network: networkFacts({ routes: [route({ destination: '10.20.0.0/16', gateway: null })] }),
    });
    expect(judgeInEnglish(networkEgressCheck, facts, contextFor([routeRule()]))).toEqual([
      expect.objectContaining({
        status: 'pass',
        subject: '',
        evidence: expect.objectContaining({ routesExamined: 1, defaultRoutes: 0 }),
      }),
    ]);
  });

  it('fails any default route while no network is allowed', () => {
    const facts = makeFacts({ network: networkFacts({ routes: [route({})] }) });
    expect(judgeInEnglish(networkEgressCheck, facts, contextFor([routeRule()]))).toEqual([
      expect.objectContaining({ status: 'fail', subject: 'eth0 via 10.20.0.1' }),
    ]);
  });

  it('passes a gateway inside the policy networks, and prefers the ledger list when it has one', () => {
    const facts = makeFacts({ network: networkFacts({ routes: [route({})] }) });
    expect(
      judgeInEnglish(networkEgressCheck, facts, contextFor([routeRule(['10.20.0.0/16'])]))[0]!.status,
    ).toBe('pass');
    const ledgerOverrides = judgeInEnglish(
      networkEgressCheck,
      facts,
      contextFor([routeRule(['10.20.0.0/16'])], { allowedNetworks: ['192.168.0.0/16'] }),
    );
    expect(ledgerOverrides[0]).toMatchObject({
      status: 'fail',
      evidence: { allowedNetworksFrom: 'ledger', allowedNetworks: ['192.168.0.0/16'] },
    });
  });

  it('judges IPv6 defaults, does not excuse a link-local gateway, and fails on-link defaults', () => {
    const facts = makeFacts({
      network: networkFacts({
        routes: [
          route({ family: 6, destination: '::/0', gateway: 'fe80::1', interface: 'eth0' }),
          route({ destination: '0.0.0.0/0', gateway: null, interface: 'ppp0' }),
          route({ family: 6, destination: '::/0', gateway: 'fd00:20::1', interface: 'eth1' }),
        ],
      }),
    });
    const outcomes = judgeInEnglish(networkEgressCheck, facts, contextFor([routeRule(['fd00:20::/32'])]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['eth0 via fe80::1', 'fail'],
      ['ppp0 via on-link', 'fail'],
      ['eth1 via fd00:20::1', 'pass'],
    ]);
  });

  it('reports an unreadable gateway as error, not pass', () => {
    const facts = makeFacts({ network: networkFacts({ routes: [route({ gateway: 'bogus' })] }) });
    expect(judgeInEnglish(networkEgressCheck, facts, contextFor([routeRule(['0.0.0.0/0'])]))[0]!.status).toBe(
      'error',
    );
  });
});

describe('live connections (3.7.4)', () => {
  it('passes loopback, link-local and allowed peers', () => {
    const facts = makeFacts({
      network: networkFacts({
        connections: [
          connection('127.0.0.1', 631),
          connection('::1', 5432),
          connection('fe80::2%eth0', 22),
          connection('169.254.1.1', 80),
          connection('10.20.3.4', 443),
        ],
      }),
    });
    expect(judgeInEnglish(networkEgressCheck, facts, contextFor([peersRule(['10.20.0.0/16'])]))).toEqual([
      expect.objectContaining({
        status: 'pass',
        subject: '',
        evidence: expect.objectContaining({ connectionsExamined: 5 }),
      }),
    ]);
  });

  it('fails each outside peer once, however many sockets lead to it', () => {
    const facts = makeFacts({
      network: networkFacts({
        connections: [
          connection('8.8.8.8', 443),
          connection('8.8.8.8', 443, { local: { address: '10.20.0.5', port: 50001 } }),
          connection('2001:db8::5', 443),
          connection('114.114.114.114', 53, { protocol: 'udp', state: 'CONNECTED' }),
        ],
      }),
    });
    const outcomes = judgeInEnglish(networkEgressCheck, facts, contextFor([peersRule(['10.20.0.0/16'])]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['tcp 8.8.8.8:443', 'fail'],
      ['tcp [2001:db8:0:0:0:0:0:5]:443', 'fail'],
      ['udp 114.114.114.114:53', 'fail'],
    ]);
    expect(outcomes[0]!.evidence).toMatchObject({
      activity: 'live',
      sockets: 2,
      live: 2,
      recentlyClosed: 0,
      byState: { ESTABLISHED: 2 },
    });
    expect(outcomes[0]!.evidence.firstSockets).toEqual([
      connection('8.8.8.8', 443),
      connection('8.8.8.8', 443, { local: { address: '10.20.0.5', port: 50001 } }),
    ]);
    expect(outcomes[0]!.reason).toBe(
      'live tcp connection to 8.8.8.8:443 (2 sockets: ESTABLISHED 2), outside the allowed networks (10.20.0.0/16)',
    );
  });

  it('judges an IPv4-mapped IPv6 peer as IPv4', () => {
    const facts = makeFacts({
      network: networkFacts({
        connections: [connection('::ffff:10.20.9.9', 8443), connection('::ffff:1.2.3.4', 443)],
      }),
    });
    const outcomes = judgeInEnglish(networkEgressCheck, facts, contextFor([peersRule(['10.20.0.0/16'])]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['tcp 1.2.3.4:443', 'fail'],
    ]);
  });
});

// The collector of these tests: its agent port 7700 and enrolment port 7702 on 10.50.0.9, a network the
// policy does not allow (a collector in a management network the workstation may otherwise not reach).
const COLLECTOR = [
  { address: '10.50.0.9', port: 7700 },
  { address: '10.50.0.9', port: 7702 },
];
const ALLOWED = ['10.20.0.0/16'];

function judgePeers(connections: ConnectionFact[], collectorEndpoints = COLLECTOR) {
  return judgeInEnglish(
    networkEgressCheck,
    makeFacts({ network: networkFacts({ connections }) }),
    contextFor([peersRule(ALLOWED)], {}, undefined, collectorEndpoints),
  );
}

const socket = (remote: string, port: number, localPort: number, state: string): ConnectionFact => ({
  protocol: 'tcp',
  family: remote.includes(':') ? 6 : 4,
  local: { address: '10.20.0.5', port: localPort },
  remote: { address: remote, port },
  state,
});

describe("closing sockets and the agent's own link (3.7.4)", () => {
  it('leaves out the link to the collector, ESTABLISHED or TIME_WAIT, agent or enrolment port, and counts it', () => {
    const outcomes = judgePeers([
      socket('10.50.0.9', 7700, 41000, 'ESTABLISHED'),
      socket('10.50.0.9', 7700, 40990, 'TIME_WAIT'),
      socket('10.50.0.9', 7702, 40980, 'TIME_WAIT'),
      // As a dual-stack socket reports an IPv4 peer.
      socket('::ffff:10.50.0.9', 7700, 40970, 'FIN_WAIT2'),
      socket('10.20.3.4', 443, 41010, 'ESTABLISHED'),
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'pass',
        subject: '',
        evidence: expect.objectContaining({
          connectionsExamined: 5,
          ownLinks: 4,
          collectorEndpoints: ['10.50.0.9:7700', '10.50.0.9:7702'],
        }),
        reason:
          "the one connection stays on this computer or inside the allowed networks (and 4 socket(s) of the agent's own link to its collector)",
      }),
    ]);
  });

  it('judges everything else on the collector host: another port, or UDP to its port', () => {
    const outcomes = judgePeers([
      socket('10.50.0.9', 22, 41000, 'ESTABLISHED'),
      { ...socket('10.50.0.9', 7700, 41001, 'CONNECTED'), protocol: 'udp' },
    ]);
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['tcp 10.50.0.9:22', 'fail'],
      ['udp 10.50.0.9:7700', 'fail'],
    ]);
  });

  it('without a collector (shoumi-agent check) the same socket is judged like any other', () => {
    const outcomes = judgePeers([socket('10.50.0.9', 7700, 41000, 'ESTABLISHED')], []);
    expect(outcomes).toEqual([
      expect.objectContaining({
        subject: 'tcp 10.50.0.9:7700',
        status: 'fail',
        evidence: expect.objectContaining({ ownLinks: 0 }),
      }),
    ]);
  });

  it('passes a TIME_WAIT socket to an allowed peer', () => {
    expect(judgePeers([socket('10.20.3.4', 443, 41000, 'TIME_WAIT')])).toEqual([
      expect.objectContaining({ status: 'pass', subject: '' }),
    ]);
  });

  it('fails a TIME_WAIT socket to an outside peer as recently closed, with counts by state', () => {
    const [outcome, ...rest] = judgePeers([
      socket('203.0.113.9', 443, 41000, 'TIME_WAIT'),
      socket('203.0.113.9', 443, 41001, 'TIME_WAIT'),
      socket('203.0.113.9', 443, 41002, 'FIN_WAIT2'),
    ]);
    expect(rest).toEqual([]);
    expect(outcome).toMatchObject({
      status: 'fail',
      subject: 'tcp 203.0.113.9:443',
      evidence: {
        activity: 'recently closed',
        sockets: 3,
        live: 0,
        recentlyClosed: 3,
        byState: { FIN_WAIT2: 1, TIME_WAIT: 2 },
      },
      reason:
        'recently closed tcp connection to 203.0.113.9:443 (3 sockets: FIN_WAIT2 1, TIME_WAIT 2; a closing socket shows the connection existed within about the last minute), outside the allowed networks (10.20.0.0/16)',
    });
  });

  it('tells live from closing by state, and calls a peer live while any of its sockets is', () => {
    // state → what the finding says of a peer with that one socket (include/net/tcp_states.h, win32.ts).
    const table: Array<[string, 'live' | 'recently closed']> = [
      ['ESTABLISHED', 'live'],
      ['SYN_SENT', 'live'],
      ['SYN_RECV', 'live'],
      ['CLOSE_WAIT', 'live'],
      ['CONNECTED', 'live'],
      ['CLOSE', 'live'],
      ['UNKNOWN_0D', 'live'],
      ['TIME_WAIT', 'recently closed'],
      ['FIN_WAIT1', 'recently closed'],
      ['FIN_WAIT2', 'recently closed'],
      ['CLOSING', 'recently closed'],
      ['LAST_ACK', 'recently closed'],
    ];
    for (const [state, activity] of table) {
      const [outcome] = judgePeers([socket('203.0.113.9', 443, 41000, state)]);
      expect(
        [outcome!.status, outcome!.evidence.activity, outcome!.reason.startsWith(activity)],
        state,
      ).toEqual(['fail', activity, true]);
    }
    const [mixed] = judgePeers([
      socket('203.0.113.9', 443, 41000, 'TIME_WAIT'),
      socket('203.0.113.9', 443, 41001, 'ESTABLISHED'),
    ]);
    expect(mixed!.reason).toBe(
      'live tcp connection to 203.0.113.9:443 (2 sockets: ESTABLISHED 1, TIME_WAIT 1), outside the allowed networks (10.20.0.0/16)',
    );
  });

  it('shows the first five sockets of a peer and counts the rest', () => {
    const sockets = Array.from({ length: 12 }, (_, index) =>
      socket('203.0.113.9', 443, 41000 + index, 'TIME_WAIT'),
    );
    const [outcome] = judgePeers(sockets);
    expect(outcome!.evidence.sockets).toBe(12);
    expect(outcome!.evidence.firstSockets).toEqual(sockets.slice(0, 5));
  });

  it('an agent restart (old link in TIME_WAIT, new one ESTABLISHED) leaves verdicts and subjects as they were', () => {
    const before = [
      socket('10.50.0.9', 7700, 41000, 'ESTABLISHED'),
      socket('10.20.3.4', 443, 41100, 'ESTABLISHED'),
    ];
    const after = [
      socket('10.50.0.9', 7700, 41000, 'TIME_WAIT'),
      socket('10.50.0.9', 7700, 41200, 'ESTABLISHED'),
      socket('10.20.3.4', 443, 41100, 'ESTABLISHED'),
    ];
    const verdicts = (connections: ConnectionFact[]) =>
      judgePeers(connections).map((outcome) => [outcome.subject, outcome.status]);
    expect(verdicts(before)).toEqual([['', 'pass']]);
    expect(verdicts(after)).toEqual([['', 'pass']]);
    // And a peer outside the allowed networks, whose connection closed across the restart, keeps its key.
    const outside = socket('203.0.113.9', 443, 41300, 'ESTABLISHED');
    expect(verdicts([...before, outside])).toEqual([['tcp 203.0.113.9:443', 'fail']]);
    expect(verdicts([...after, { ...outside, state: 'TIME_WAIT' }])).toEqual([
      ['tcp 203.0.113.9:443', 'fail'],
    ]);
  });
});
