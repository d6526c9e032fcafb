// The agent streams' events as change notices (change-notices.ts): stored findings change a device and the
// fleet's counts, a hello changes whether a device is connected, a sweep answer changes the sweep's coverage.
import type { AgentEvents } from './agent-events';
import type { ChangeNotices } from './change-notices';

export function changeNoticeEvents(notices: ChangeNotices): AgentEvents {
  return {
    async onHello(deviceId) {
      notices.publish(`device:${deviceId}`);
      notices.publish('fleet');
    },
    async onFindingsStored(deviceId) {
      notices.publish(`device:${deviceId}`);
      notices.publish('fleet');
    },
    async onSweepResult(deviceId, result) {
      notices.publish(`device:${deviceId}`);
      if (result.sweepId) notices.publish(`sweep:${result.sweepId}`);
    },
  };
}
