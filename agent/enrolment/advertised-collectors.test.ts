import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  advertisedCollectorsFile,
  advertisedFromAnswer,
  keepAdvertisedCollectors,
  readAdvertisedCollectors,
} from './advertised-collectors';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'shoumi-advertised-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the collector addresses an enrolment answer advertised', () => {
  it('an answer without addresses is an empty list; a bad entry makes the whole answer unusable, named', () => {
    expect(advertisedFromAnswer([])).toEqual({ ok: true, addresses: [] });
    expect(advertisedFromAnswer(['a.example:7700', 'b.example:7700'])).toEqual({
      ok: true,
      addresses: ['a.example:7700', 'b.example:7700'],
    });
    expect(advertisedFromAnswer(['a.example:7700', 'b.example'])).toEqual({
      ok: false,
      problem: `the enrolment answer's agent_addresses: address "b.example" is not HOST:PORT (e.g. collector.example:7702 or [::1]:7702)`,
    });
  });

  it('nothing kept reads as an empty list; a kept list reads back; an empty answer removes it', async () => {
    expect(await readAdvertisedCollectors(dataDir)).toEqual({ ok: true, addresses: [] });
    await keepAdvertisedCollectors(dataDir, ['a.example:7700', '[::1]:7700']);
    const written = JSON.parse(await readFile(advertisedCollectorsFile(dataDir), 'utf8'));
    expect(written.agentAddresses).toEqual(['a.example:7700', '[::1]:7700']);
    expect(await readAdvertisedCollectors(dataDir)).toEqual({
      ok: true,
      addresses: ['a.example:7700', '[::1]:7700'],
    });
    await keepAdvertisedCollectors(dataDir, []);
    await expect(stat(advertisedCollectorsFile(dataDir))).rejects.toThrow(/ENOENT/);
  });

  it('a damaged file is reported naming it, never half-used', async () => {
    const file = advertisedCollectorsFile(dataDir);
    await writeFile(file, '{"agentAddresses": ["a.example:7700", "oops"]}');
    expect(await readAdvertisedCollectors(dataDir)).toEqual({
      ok: false,
      problem: `${file}: agentAddresses: address "oops" is not HOST:PORT (e.g. collector.example:7702 or [::1]:7702); enrol again (--force) to rewrite it`,
    });
    await writeFile(file, 'not json');
    const unreadable = await readAdvertisedCollectors(dataDir);
    expect(unreadable.ok).toBe(false);
    expect(!unreadable.ok && unreadable.problem).toMatch(new RegExp(`^${file}: .*enrol again`));
  });
});
