// Two collector processes on one PostgreSQL database, agents spread over both: what one collector is told
// reaches the agents held by the other. The fixture (test/support/cluster-fixture.ts) sets the cluster up
// as an operator would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterDeployment, clusterDeployment } from '../support/cluster-fixture';
import { eventually } from '../support/processes';

describe('two collectors on one PostgreSQL', { timeout: 180_000 }, () => {
  let cluster: ClusterDeployment;
  beforeAll(async () => {
    cluster = await clusterDeployment();
    await cluster.members.a.start();
    await cluster.members.b.start();
  }, 180_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it('stores the findings of agents on either collector in the one store both read', async () => {
    cluster.startAgent('on-a', 'a', ['--interval', '1h', '--device-id', 'dev-on-a']);
    cluster.startAgent('on-b', 'b', ['--interval', '1h', '--device-id', 'dev-on-b']);
    for (const through of ['a', 'b'] as const) {
      const devices = await eventually(
        async () => {
          const page = await cluster.members[through].admin.listDevices({ limit: 100 });
          const ids = page.devices.map((device) => device.deviceId).sort();
          return ids.length === 2 ? ids : undefined;
        },
        `both devices listed through ${through}`,
        60_000,
      );
      expect(devices).toEqual(['dev-on-a', 'dev-on-b']);
    }
  });
});
