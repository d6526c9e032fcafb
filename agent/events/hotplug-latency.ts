// How long a change on the machine takes to become a finding the collector has stored: from the moment a
// watcher saw the OS event to the collector's ack of the last finding the triggered sweep wrote. One JSON
// log line per such sweep, which the kernel test suite collects to compute percentiles:
//
//   {"message":"hotplug finding acknowledged","eventAtMs","sweptAtMs","appendedAtMs","ackedAtMs",
//    "latencyMs","ruleIds","seqs":[first,last],"area","phase","detail"}
//
// eventAtMs is the watcher's callback time (inotify carries no kernel timestamp; see usb-watch.ts). For a
// `settled` sweep it is still the burst's first event, so its latency includes the wait for the burst to
// settle: that is how long the finding really took when the first sweep could not yet see it.
import type { AgentLog } from '../agent-log';
import type { EventTrigger } from './sweep-queue';

export interface TriggeredAppend {
  trigger: EventTrigger;
  sweptAtMs: number;
  appendedAtMs: number;
  ruleIds: readonly string[];
  firstSeq: number;
  lastSeq: number;
}

export interface HotplugLatency {
  /** An event-triggered sweep's findings are in the outbox with these seqs. */
  appended(entry: TriggeredAppend): void;
  /** The collector acknowledged everything up to `upToSeq` at `atMs`. */
  acked(upToSeq: number, atMs: number): void;
}

/** Waiting entries beyond this (a collector down for long) are dropped, oldest first: it is a measurement. */
const MAX_WAITING = 256;

export function hotplugLatency(log: AgentLog): HotplugLatency {
  const waiting: TriggeredAppend[] = [];
  let highestAck = { seq: 0, atMs: 0 };

  const report = (entry: TriggeredAppend, ackedAtMs: number) => {
    log.info('hotplug finding acknowledged', {
      eventAtMs: entry.trigger.eventAtMs,
      sweptAtMs: entry.sweptAtMs,
      appendedAtMs: entry.appendedAtMs,
      ackedAtMs,
      latencyMs: ackedAtMs - entry.trigger.eventAtMs,
      ruleIds: entry.ruleIds,
      seqs: [entry.firstSeq, entry.lastSeq],
      area: entry.trigger.area,
      phase: entry.trigger.phase,
      detail: entry.trigger.detail,
    });
  };

  return {
    appended(entry) {
      // An ack can overtake our bookkeeping: the link sends as soon as the outbox append is durable.
      if (entry.lastSeq <= highestAck.seq) {
        report(entry, highestAck.atMs);
        return;
      }
      waiting.push(entry);
      if (waiting.length > MAX_WAITING) waiting.shift();
    },
    acked(upToSeq, atMs) {
      if (upToSeq <= highestAck.seq) return;
      highestAck = { seq: upToSeq, atMs };
      while (waiting.length > 0 && waiting[0]!.lastSeq <= upToSeq) report(waiting.shift()!, atMs);
    },
  };
}
