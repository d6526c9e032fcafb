// optical-writer-absent on what the Linux probe read from the root recorded with a USB CD drive
// (test/kernel/scenarios/optical-drive.sh), on a writer (the kernel's write rows answering 1) and unreadable.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { OpticalDriveFact, OpticalFacts, ProbeResult } from '../facts';
import { machineRoot } from '../probes/machine-root';
import { linuxOpticalProbe } from '../probes/optical/linux';
import { evaluate } from './engine';
import {
  contextFor,
  judgeInEnglish,
  makeFacts,
  OBSERVED_AT_MS,
  ruleFor,
  unreadable,
} from './facts-for-tests';
import { opticalWritersCheck } from './optical-writers';

const RULES = [ruleFor('optical-writer-absent')];
const optical = (drives: OpticalDriveFact[]): ProbeResult<OpticalFacts> => ({
  ok: true,
  facts: { drives },
  source: '/sys/class/block',
  observedAtMs: OBSERVED_AT_MS,
});

describe('optical-writer-absent (3.7.7)', () => {
  it('passes the recorded read-only drive, with what it reported as evidence', async () => {
    const read = await linuxOpticalProbe.read(
      machineRoot(path.resolve(__dirname, '../../test/fixtures/roots/optical-drive')),
    );
    const [outcome] = judgeInEnglish(opticalWritersCheck, makeFacts({ optical: read }), contextFor(RULES));
    expect(outcome).toMatchObject({
      subject: 'sr0',
      status: 'pass',
      evidence: { drive: { model: 'QEMU CD-ROM', canWrite: false } },
    });
  });

  it('fails a drive that can write, and errs on one whose capability is unknown', () => {
    const drive: OpticalDriveFact = {
      name: 'sr0',
      vendor: 'HL-DT-ST',
      model: 'DVDRAM GH24NSD1',
      canWrite: true,
      writeCapabilities: ['CD-R', 'DVD-R'],
      bus: 'ata',
    };
    const outcomes = judgeInEnglish(
      opticalWritersCheck,
      makeFacts({
        optical: optical([drive, { ...drive, name: 'sr1', canWrite: null, writeCapabilities: [] }]),
      }),
      contextFor(RULES),
    );
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['sr0', 'fail'],
      ['sr1', 'error'],
    ]);
    expect(outcomes[0]!.reason).toContain('CD-R, DVD-R');
  });

  it('passes a machine without drives', () => {
    expect(
      judgeInEnglish(opticalWritersCheck, makeFacts({ optical: optical([]) }), contextFor(RULES))[0]!.status,
    ).toBe('pass');
  });

  it('is an error when the drives cannot be read', () => {
    const findings = evaluate(
      makeFacts({
        optical: unreadable('/sys/class/block', 'cannot read /sys/class: ENOENT (no such file or directory)'),
      }),
      { name: 't', version: '1', rules: RULES },
      EMPTY_LEDGER_SLICE,
      { nowMs: 0, sweepId: 's' },
      { checks: [opticalWritersCheck], pending: new Map() },
    );
    expect(findings.map((finding) => finding.status)).toEqual(['error']);
  });
});
