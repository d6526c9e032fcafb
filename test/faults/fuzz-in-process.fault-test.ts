// Fuzzed input straight into the code that parses it, many thousands of times: the policy loader, the
// ledger CSV codec, and the inspection-record renderers with hostile strings in every text field. Zero
// crashes, and every refusal names what was wrong. The counts printed here go into docs/RELIABILITY.md.
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvFileText } from '../../collector/ledger/csv-file-text';
import { type LedgerCsvDevice, writeLedgerCsv } from '../../collector/ledger/ledger-csv-export';
import { readLedgerCsv } from '../../collector/ledger/ledger-csv-import';
import { buildInspectionRecord } from '../../collector/reports/build-inspection-record';
import { GENERATED_MS, material } from '../../collector/reports/inspection-fixture';
import { renderInspectionCsv } from '../../collector/reports/render-csv';
import { renderInspectionHtml } from '../../collector/reports/render-html';
import { renderInspectionJson } from '../../collector/reports/render-json';
import type { InspectionMaterial } from '../../collector/store/store';
import { baselinePolicyPath, formatPolicyProblems, parsePolicy } from '../../policies/load-policy';
import { hostileString, mutateMany } from './hostile-text';
import { suiteRandom } from './seeded-random';

const POLICY_MUTATIONS = Number(process.env.FAULT_POLICY_MUTATIONS ?? 2000);
const CSV_INPUTS = Number(process.env.FAULT_CSV_INPUTS ?? 10000);
const REPORTS = Number(process.env.FAULT_REPORTS ?? 300);

const baselineText = readFileSync(baselinePolicyPath(), 'utf8');
const baseline = parsePolicy(baselineText, 'baseline.yaml');
if (!baseline.ok) throw new Error('the baseline policy does not load');

describe('fuzzed input, in process', () => {
  it(`the policy loader: ${POLICY_MUTATIONS} mutations of baseline.yaml`, () => {
    const random = suiteRandom('policy loader');
    const outcome = { inputs: 0, accepted: 0, refused: 0, crashes: 0 };
    for (let index = 0; index < POLICY_MUTATIONS; index++) {
      const text = mutateMany(baselineText, random);
      outcome.inputs++;
      let result: ReturnType<typeof parsePolicy>;
      try {
        result = parsePolicy(text, 'fuzz.yaml');
      } catch (error) {
        outcome.crashes++;
        throw new Error(
          `parsePolicy threw on input ${index}: ${(error as Error).stack}\n---\n${text.slice(0, 2000)}`,
        );
      }
      if (result.ok) {
        outcome.accepted++;
        continue;
      }
      outcome.refused++;
      // A clear error: at least one problem, each with a message, and one printable line per problem.
      expect(result.errors.length).toBeGreaterThan(0);
      for (const problem of result.errors) {
        expect(problem.file).toBe('fuzz.yaml');
        expect(problem.message.trim().length, JSON.stringify(problem)).toBeGreaterThan(0);
      }
      expect(formatPolicyProblems(result.errors)).toMatch(/^fuzz\.yaml/);
    }
    console.log(`[faults] policy loader: ${JSON.stringify(outcome)}`);
    expect(outcome.refused).toBeGreaterThan(POLICY_MUTATIONS / 4);
  }, 240_000);

  it(`the ledger CSV codec: ${CSV_INPUTS} garbage and mutated files`, () => {
    const random = suiteRandom('ledger CSV');
    const devices: LedgerCsvDevice[] = Array.from({ length: 8 }, (_, index) => ({
      deviceId: `dev-${index}`,
      hostname: `ws-${index}`,
      assetNumber: `BM-2026-${index}`,
      classification: random.pick(['secret', 'confidential', null] as const),
      responsiblePerson: '张三',
      department: '保密办',
      location: `三楼 30${index}`,
      status: 'in_service',
      allowedNetworks: ['10.1.0.0/16'],
    }));
    const valid = writeLedgerCsv(devices, random.next() < 0.5 ? 'zh' : 'en');
    expect(readLedgerCsv(valid).problems).toEqual([]);
    const csvTokens = [
      ',',
      '"',
      '\r\n',
      '\n',
      '""',
      '\ufeff',
      ';',
      '\t',
      '机密',
      'secret',
      '10.0.0.0/33',
      '::1/200',
    ];
    const outcome = { inputs: 0, accepted: 0, refused: 0, crashes: 0 };
    for (let index = 0; index < CSV_INPUTS; index++) {
      let bytes: Uint8Array;
      const kind = random.int(0, 3);
      if (kind === 0) bytes = random.bytes(random.int(0, 2000));
      else if (kind === 1) {
        // Valid bytes with random bytes flipped: broken UTF-8, GB18030 look-alikes, NULs.
        const buffer = Buffer.from(valid, 'utf8');
        for (let flips = random.int(1, 8); flips > 0; flips--)
          buffer[random.int(0, buffer.length - 1)] = random.int(0, 255);
        bytes = buffer;
      } else {
        const tokens =
          kind === 2 ? csvTokens : [...csvTokens, ...Array.from({ length: 4 }, () => hostileString(random))];
        bytes = Buffer.from(mutateMany(valid, random, tokens), 'utf8');
      }
      outcome.inputs++;
      let reading: ReturnType<typeof readLedgerCsv>;
      try {
        reading = readLedgerCsv(csvFileText(bytes).text);
      } catch (error) {
        outcome.crashes++;
        throw new Error(`readLedgerCsv threw on input ${index}: ${(error as Error).stack}`);
      }
      if (reading.problemCount === 0) {
        outcome.accepted++;
        for (const row of reading.rows) expect(row.deviceId.length).toBeGreaterThan(0);
        continue;
      }
      outcome.refused++;
      // All or nothing: a refused file yields no rows to apply, and each problem is a sentence with a place.
      expect(reading.rows).toEqual([]);
      expect(reading.problems.length).toBeGreaterThan(0);
      for (const problem of reading.problems) {
        expect(problem.problem.trim().length).toBeGreaterThan(0);
        expect(problem.line).toBeGreaterThanOrEqual(0);
      }
    }
    console.log(`[faults] ledger CSV codec: ${JSON.stringify(outcome)}`);
    expect(outcome.refused).toBeGreaterThan(CSV_INPUTS / 4);
  }, 240_000);

  it(`the inspection record: ${REPORTS} records with hostile strings in every text field, as HTML, CSV, JSON`, () => {
    const random = suiteRandom('report rendering');
    // Values that are enums or join keys in the store (validated at ingest) keep their form; every other
    // string that reaches a report is replaced with hostile text.
    const kept = new Set([
      'status',
      'severity',
      'state',
      'origin',
      'classification',
      'kind',
      'deviceId',
      'sweepId',
      'coverage',
    ]);
    const hostile = <T>(value: T, key = ''): T => {
      if (typeof value === 'string')
        return (kept.has(key) || random.next() < 0.2 ? value : hostileString(random)) as T;
      if (Array.isArray(value)) return value.map((item) => hostile(item, key)) as T;
      if (value !== null && typeof value === 'object')
        return Object.fromEntries(
          Object.entries(value).map(([name, inner]) => [name, hostile(inner, name)]),
        ) as T;
      return value;
    };
    const outcome = { inputs: 0, rendered: 0, crashes: 0 };
    for (let index = 0; index < REPORTS; index++) {
      const fuzzed = hostile(material) as InspectionMaterial;
      const inspector = hostileString(random);
      outcome.inputs++;
      try {
        const record = buildInspectionRecord(fuzzed, {
          policy: baseline.policy,
          inspector,
          generatedAtMs: GENERATED_MS,
        });
        for (const lang of ['zh', 'en'] as const) {
          const options = { lang, timeZone: 'Asia/Shanghai' };
          const html = renderInspectionHtml(record, options);
          // Markup from the data never becomes markup in the page.
          expect(html).not.toMatch(/<script|<img/i);
          const csv = renderInspectionCsv(record, options);
          // The CSV stays a table: it parses, and no cell starts a spreadsheet formula.
          const rows = parseCsv(csv.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];
          for (const row of rows)
            for (const cell of row) expect(cell, 'formula injection').not.toMatch(/^[=+\-@\t\r]/);
          expect(JSON.parse(renderInspectionJson(record))).toBeTruthy();
        }
        outcome.rendered++;
      } catch (error) {
        outcome.crashes++;
        throw new Error(`rendering failed on record ${index}: ${(error as Error).stack}`);
      }
    }
    console.log(`[faults] report rendering: ${JSON.stringify(outcome)}`);
  }, 240_000);
});
