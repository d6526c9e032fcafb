// Agent streams connected to this collector now: those past their hello (agent-connections.ts), one per
// device. With several collectors each reports its own; the fleet's total is their sum.
import { Gauge, type Registry } from 'prom-client';

export function agentStreamMetrics(registry: Registry, streams: { readonly size: number }): void {
  new Gauge({
    name: 'shoumi_agent_streams',
    help: 'Agent streams open on this collector (past their hello)',
    registers: [registry],
    collect() {
      this.set(streams.size);
    },
  });
}
