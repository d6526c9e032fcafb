import { describe, expect, it } from 'vitest';
import type { AgentLog } from './agent-log';
import { collectorEndpoints, type ResolveHost } from './collector-endpoints';

function recordingLog() {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log: AgentLog = {
    info: () => {},
    warn: (message, fields) => warnings.push({ message, fields }),
    error: () => {},
  };
  return { log, warnings };
}

/** A resolver answering from a table the test changes, counting the questions. */
function tableResolver(table: Record<string, string[] | Error>) {
  const asked: string[] = [];
  const resolve: ResolveHost = async (host) => {
    asked.push(host);
    const answer = table[host];
    if (answer === undefined) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { resolve, asked, table };
}

describe('collector endpoints', () => {
  it('are empty before the first resolution, then every address of each host with its port', async () => {
    const { resolve } = tableResolver({ 'collector.example': ['10.50.0.9', 'fd00:50::9'] });
    const endpoints = collectorEndpoints(['collector.example:7700', 'collector.example:7702'], {
      log: recordingLog().log,
      resolve,
    });
    expect(endpoints.current()).toEqual([]);
    await endpoints.refresh();
    expect(endpoints.current()).toEqual([
      { address: '10.50.0.9', port: 7700 },
      { address: 'fd00:50::9', port: 7700 },
      { address: '10.50.0.9', port: 7702 },
      { address: 'fd00:50::9', port: 7702 },
    ]);
  });

  it('take an address given as such without asking DNS, IPv6 in brackets included', async () => {
    const { resolve, asked } = tableResolver({});
    const endpoints = collectorEndpoints(['10.50.0.9:7700', '[fd00:50::9]:7702'], {
      log: recordingLog().log,
      resolve,
    });
    await endpoints.refresh();
    expect(asked).toEqual([]);
    expect(endpoints.current()).toEqual([
      { address: '10.50.0.9', port: 7700 },
      { address: 'fd00:50::9', port: 7702 },
    ]);
  });

  it('follow a changed answer at the next refresh, and keep the last one while the name does not resolve', async () => {
    const resolver = tableResolver({ 'collector.example': ['10.50.0.9'] });
    const { log, warnings } = recordingLog();
    const endpoints = collectorEndpoints(['collector.example:7700'], { log, resolve: resolver.resolve });
    await endpoints.refresh();
    resolver.table['collector.example'] = ['10.50.0.10'];
    await endpoints.refresh();
    expect(endpoints.current()).toEqual([{ address: '10.50.0.10', port: 7700 }]);
    resolver.table['collector.example'] = new Error('getaddrinfo EAI_AGAIN collector.example');
    await endpoints.refresh();
    expect(endpoints.current()).toEqual([{ address: '10.50.0.10', port: 7700 }]);
    expect(warnings).toEqual([
      expect.objectContaining({
        fields: {
          collector: 'collector.example:7700',
          error: 'getaddrinfo EAI_AGAIN collector.example',
          knownAddresses: ['10.50.0.10'],
        },
      }),
    ]);
  });

  it('refuse an address without a port when made, naming it', () => {
    expect(() => collectorEndpoints(['collector.example'], { log: recordingLog().log })).toThrow(
      'address "collector.example" is not HOST:PORT',
    );
  });
});
