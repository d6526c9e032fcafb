import { describe, expect, it } from 'vitest';
import type { ConnectionFact, RouteFact } from '../facts';
import { contextFor, makeFacts, networkFacts, ruleFor } from './facts-for-tests';
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
    expect(networkEgressCheck.judge(facts, contextFor([routeRule()]))).toEqual([
      expect.objectContaining({
        status: 'pass',
        subject: '',
        evidence: expect.objectContaining({ routesExamined: 1, defaultRoutes: 0 }),
      }),
    ]);
  });

  it('fails any default route while no network is allowed', () => {
    const facts = makeFacts({ network: networkFacts({ routes: [route({})] }) });
    expect(networkEgressCheck.judge(facts, contextFor([routeRule()]))).toEqual([
      expect.objectContaining({ status: 'fail', subject: 'eth0 via 10.20.0.1' }),
    ]);
  });

  it('passes a gateway inside the policy networks, and prefers the ledger list when it has one', () => {
    const facts = makeFacts({ network: networkFacts({ routes: [route({})] }) });
    expect(networkEgressCheck.judge(facts, contextFor([routeRule(['10.20.0.0/16'])]))[0]!.status).toBe(
      'pass',
    );
    const ledgerOverrides = networkEgressCheck.judge(
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
    const outcomes = networkEgressCheck.judge(facts, contextFor([routeRule(['fd00:20::/32'])]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['eth0 via fe80::1', 'fail'],
      ['ppp0 via on-link', 'fail'],
      ['eth1 via fd00:20::1', 'pass'],
    ]);
  });

  it('reports an unreadable gateway as error, not pass', () => {
    const facts = makeFacts({ network: networkFacts({ routes: [route({ gateway: 'bogus' })] }) });
    expect(networkEgressCheck.judge(facts, contextFor([routeRule(['0.0.0.0/0'])]))[0]!.status).toBe('error');
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
    expect(networkEgressCheck.judge(facts, contextFor([peersRule(['10.20.0.0/16'])]))).toEqual([
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
    const outcomes = networkEgressCheck.judge(facts, contextFor([peersRule(['10.20.0.0/16'])]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['tcp 8.8.8.8:443', 'fail'],
      ['tcp [2001:db8:0:0:0:0:0:5]:443', 'fail'],
      ['udp 114.114.114.114:53', 'fail'],
    ]);
    expect(outcomes[0]!.evidence.sockets).toHaveLength(2);
  });

  it('judges an IPv4-mapped IPv6 peer as IPv4', () => {
    const facts = makeFacts({
      network: networkFacts({
        connections: [connection('::ffff:10.20.9.9', 8443), connection('::ffff:1.2.3.4', 443)],
      }),
    });
    const outcomes = networkEgressCheck.judge(facts, contextFor([peersRule(['10.20.0.0/16'])]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['tcp 1.2.3.4:443', 'fail'],
    ]);
  });
});
