// Which collector this is: shoumi_collector_info{version, node_version} 1 (the Prometheus "info" idiom, so
// a dashboard can join on it), and the process figures prom-client gathers (CPU, memory, event loop lag,
// open files, garbage collection), all on this collector's own registry.
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { collectorVersion } from '../collector-version';

export function collectorInfoMetrics(registry: Registry): void {
  const info = new Gauge({
    name: 'shoumi_collector_info',
    help: 'This collector: its release and the Node.js it runs on (always 1)',
    labelNames: ['version', 'node_version'] as const,
    registers: [registry],
  });
  info.set({ version: collectorVersion(), node_version: process.versions.node }, 1);
  collectDefaultMetrics({ register: registry });
}
