// What the agent service tells the rest of the collector about a stream, after the store has the data:
// fleet correlation listens for stored findings (media and printer sightings), sweeps listen for hellos
// (an agent that was offline runs the sweeps it missed) and for sweep results (coverage). Listeners run
// after the ack path and must not throw into it: their failures are logged, never the agent's problem.
import type { Finding } from '../policies/model';
import type { SweepResult__Output } from '../proto/generated/shoumi/v1/SweepResult';
import type { AgentStream } from './agent-connections';
import type { Logger } from './logger';

export interface AgentEvents {
  /** The device's stream is open: its ack and policy bundle have been sent. */
  onHello?(deviceId: string, stream: AgentStream): Promise<void>;
  /** These findings of the device were committed (duplicates included: the listener must be idempotent). */
  onFindingsStored?(deviceId: string, findings: readonly Finding[], atMs: number): Promise<void>;
  onSweepResult?(deviceId: string, result: SweepResult__Output, atMs: number): Promise<void>;
}

/** One AgentEvents that calls each listener in turn and logs, rather than propagates, their failures. */
export function composeAgentEvents(listeners: readonly AgentEvents[], log: Logger): Required<AgentEvents> {
  const each =
    <K extends keyof AgentEvents>(name: K) =>
    async (...args: Parameters<Required<AgentEvents>[K]>): Promise<void> => {
      for (const listener of listeners) {
        const handler = listener[name] as ((...a: typeof args) => Promise<void>) | undefined;
        if (!handler) continue;
        await handler
          .apply(listener, args)
          .catch((error: Error) =>
            log.error('agent event listener failed', { event: name, error: error.message }),
          );
      }
    };
  return {
    onHello: each('onHello'),
    onFindingsStored: each('onFindingsStored'),
    onSweepResult: each('onSweepResult'),
  };
}
