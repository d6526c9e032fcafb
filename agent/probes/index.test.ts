import { describe, expect, it } from 'vitest';
import type { FactName } from '../facts';
import { FACT_NAMES, probesFor, readFacts } from './index';
import { machineRoot } from './machine-root';
import type { Probe, ProbeSet } from './probe';

describe('probesFor', () => {
  it('gives a probe for every fact on Linux and on Windows', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const probes = probesFor(platform);
      expect(Object.keys(probes).sort()).toEqual([...FACT_NAMES].sort());
      for (const name of FACT_NAMES) expect(probes[name].fact).toBe(name);
    }
  });

  it('says what is not implemented on Windows yet, as a value', async () => {
    const result = await probesFor('win32').usbHistory.read(machineRoot('/'));
    expect(result).toMatchObject({
      ok: false,
      reason: 'the usbHistory probe is not implemented on win32 yet',
    });
  });
});

describe('readFacts', () => {
  // Probes that record when they start and finish, to see that readFacts runs them together.
  function recordingProbes(log: string[]): ProbeSet {
    const probe = <K extends FactName>(fact: K): Probe<K> => ({
      fact,
      read: async () => {
        log.push(`start ${fact}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`end ${fact}`);
        return { ok: false, reason: `fake ${fact}`, source: fact, observedAtMs: 0 } as never;
      },
    });
    return Object.fromEntries(FACT_NAMES.map((fact) => [fact, probe(fact)])) as unknown as ProbeSet;
  }

  it('runs the needed probes concurrently and leaves the others unread', async () => {
    const log: string[] = [];
    const facts = await readFacts(machineRoot('/'), ['usb', 'network'], recordingProbes(log));
    expect(log.slice(0, 2).sort()).toEqual(['start network', 'start usb']);
    expect(log).toHaveLength(4);
    expect(facts.usb).toMatchObject({ ok: false, reason: 'fake usb' });
    expect(facts.radios).toMatchObject({ ok: false, reason: 'radios was not read: no check needed it' });
    expect(facts.antivirus.ok).toBe(false);
  });

  it('reads the recorded host through the Linux probes', async () => {
    const root = machineRoot(new URL('../../test/fixtures/roots/host-debian12', import.meta.url).pathname);
    const facts = await readFacts(root, ['network', 'antivirus'], probesFor('linux'));
    expect(facts.network.ok).toBe(true);
    expect(facts.antivirus).toMatchObject({ ok: true, facts: { products: [] } });
  });
});
