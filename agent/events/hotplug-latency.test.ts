import { describe, expect, it } from 'vitest';
import { agentLog } from '../agent-log';
import { hotplugLatency, type TriggeredAppend } from './hotplug-latency';

const entry = (firstSeq: number, lastSeq: number): TriggeredAppend => ({
  trigger: { area: 'usb', phase: 'first', eventAtMs: 1000, detail: 'inotify /dev/bus/usb/002/002' },
  sweptAtMs: 1020,
  appendedAtMs: 1030,
  ruleIds: ['usb-storage-registered'],
  firstSeq,
  lastSeq,
});

function captured() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: agentLog((line) => lines.push(JSON.parse(line))) };
}

describe('hotplugLatency', () => {
  it('logs one line when the collector acknowledges the last seq of a triggered sweep', () => {
    const { lines, log } = captured();
    const latency = hotplugLatency(log);
    latency.appended(entry(7, 9));
    latency.acked(8, 1040);
    expect(lines).toHaveLength(0);
    latency.acked(9, 1050);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: 'hotplug finding acknowledged',
      eventAtMs: 1000,
      sweptAtMs: 1020,
      appendedAtMs: 1030,
      ackedAtMs: 1050,
      latencyMs: 50,
      ruleIds: ['usb-storage-registered'],
      seqs: [7, 9],
      area: 'usb',
      phase: 'first',
    });
  });

  it('logs at once when the ack overtook the bookkeeping', () => {
    const { lines, log } = captured();
    const latency = hotplugLatency(log);
    latency.acked(12, 1025);
    latency.appended(entry(10, 12));
    expect(lines[0]).toMatchObject({ ackedAtMs: 1025, latencyMs: 25 });
  });
});
