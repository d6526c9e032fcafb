// A main script for a probe executable (build-sea.ts --entry): the same assets as shoumi-agent, and it
// reports, as one JSON line, what the agent's own loaders make of them inside a SEA. sea.test.ts runs it.
import * as sea from 'node:sea';
import { loadUsbDetection } from '../../agent/events/usb-watch-native';
import { loadBaselinePolicy } from '../../policies/load-policy';
import { loadContract } from '../../proto/load';

async function probe() {
  // A service is a client constructor with a `service` definition; messages and enums have none.
  const contract = loadContract() as unknown as { shoumi: { v1: Record<string, unknown> } };
  const services = Object.entries(contract.shoumi.v1)
    .filter(([, value]) => typeof value === 'function' && 'service' in value)
    .map(([name]) => name)
    .sort();
  const baseline = await loadBaselinePolicy();
  const usb = loadUsbDetection();
  // The libraries the executable compiles from their own assets on first use (agent/packaging/sea-chunk.ts),
  // each through the import the agent itself uses.
  const { wifiInterfaces } = await import('systeminformation');
  const { default: wifi } = await import('node-wifi');
  const { createAgentKeyAndCsr } = await import('../../agent/enrolment/csr');
  const { csrPem } = await createAgentKeyAndCsr('sea-probe');
  process.stdout.write(
    `${JSON.stringify({
      isSea: sea.isSea(),
      services,
      baseline: baseline.ok ? { rules: baseline.policy.rules.length } : { errors: baseline.errors },
      usbDetection: usb.ok ? 'loaded' : usb.reason,
      chunks: {
        systeminformation: typeof wifiInterfaces,
        nodeWifi: typeof wifi.init,
        csr: csrPem.split('\n')[0],
      },
    })}\n`,
  );
}

probe().catch((error: Error) => {
  process.stderr.write(`sea-probe: ${error.stack}\n`);
  process.exit(1);
});
