// The intake budget (intake-budget.ts): findings held decoded across all agent streams, and the budget
// itself. Held near the budget for long means the store commits slower than agents send; the streams are
// paused and the agents' outboxes grow (outbox-depth-metrics.ts shows that side).
import { Gauge, type Registry } from 'prom-client';
import type { IntakeBudget } from '../intake-budget';

export function intakeMetrics(registry: Registry, budget: Pick<IntakeBudget, 'held' | 'limit'>): void {
  new Gauge({
    name: 'shoumi_intake_findings_held',
    help: 'Findings held decoded and waiting for their commit, all agent streams together',
    registers: [registry],
    collect() {
      this.set(budget.held);
    },
  });
  // A budget handed in without its size (a test's own) leaves this gauge out rather than show a wrong one.
  if (budget.limit !== undefined) {
    const limit = budget.limit;
    new Gauge({
      name: 'shoumi_intake_budget_findings',
      help: 'The intake budget: findings held beyond which every agent stream pauses reading',
      registers: [registry],
      collect() {
        this.set(limit);
      },
    });
  }
}
