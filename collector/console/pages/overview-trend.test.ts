// The trend chart's geometry and markup, with the bars worked out by hand from TREND_LAYOUT
// (left 40, top 10, plot 160 high, a 22-wide slot per day holding a 16-wide bar: x = 40 + 22·i + 3).
import { describe, expect, it } from 'vitest';
import type { ComplianceDay__Output } from '../../../proto/generated/shoumi/v1/ComplianceDay';
import { trendChart, trendGeometry, trendTable } from './overview-trend';

function day(date: string, counts: Partial<ComplianceDay__Output>): ComplianceDay__Output {
  return {
    day: date,
    devices: 0,
    compliant: 0,
    failing: 0,
    notYetJudged: 0,
    neverSeen: 0,
    silent: 0,
    byClause: [],
    recordedAtMs: Date.parse(`${date}T15:59:59Z`),
    ...counts,
  };
}

const DAYS = [
  // 12-05 has no row: the collector did not run.
  day('2026-12-06', { devices: 8, compliant: 4, failing: 2, notYetJudged: 1, neverSeen: 1, silent: 1 }),
  day('2026-12-07', { devices: 4, compliant: 4 }),
];

describe('the trend geometry', () => {
  it('stacks compliant, failing, not judged and never seen per day, scaled to the largest fleet', () => {
    const geometry = trendGeometry(DAYS, '2026-12-07', 3);
    expect(geometry.width).toBe(116); // 40 + 3·22 + 10
    expect(geometry.height).toBe(200); // 10 + 160 + 30
    expect(geometry.yMax).toBe(8);
    expect(geometry.slots.map((slot) => [slot.day, slot.x, slot.segments])).toEqual([
      ['2026-12-05', 43, []],
      [
        '2026-12-06',
        65,
        [
          { kind: 'compliant', count: 4, y: 90, height: 80 },
          { kind: 'failing', count: 2, y: 50, height: 40 },
          { kind: 'notJudged', count: 1, y: 30, height: 20 },
          { kind: 'neverSeen', count: 1, y: 10, height: 20 },
        ],
      ],
      ['2026-12-07', 87, [{ kind: 'compliant', count: 4, y: 90, height: 80 }]],
    ]);
  });

  it('counts a never-seen device that is also failing once, so the stack is the fleet', () => {
    // 3 devices: 1 compliant, 2 failing of which one never seen (a collector finding about it).
    const geometry = trendGeometry(
      [day('2026-12-07', { devices: 3, compliant: 1, failing: 2, neverSeen: 1 })],
      '2026-12-07',
      1,
    );
    expect(geometry.slots[0]!.segments).toEqual([
      { kind: 'compliant', count: 1, y: 116.7, height: 53.3 },
      { kind: 'failing', count: 2, y: 10, height: 106.7 },
    ]);
  });

  it('draws an empty window on a scale of one device, with no bars', () => {
    const geometry = trendGeometry([], '2026-12-07', 30);
    expect(geometry.yMax).toBe(1);
    expect(geometry.slots).toHaveLength(30);
    expect(geometry.slots[0]!.day).toBe('2026-11-08');
    expect(geometry.slots.every((slot) => slot.segments.length === 0)).toBe(true);
  });
});

describe('the trend markup', () => {
  it('is SVG with attributes and classes only, a title per bar part, and day labels every fifth day from today', () => {
    const svg = trendChart(trendGeometry(DAYS, '2026-12-07', 3), 'zh').text;
    expect(svg).not.toMatch(/style=|<script|on\w+=/);
    expect(svg).toContain(
      '<rect class="bar-fail" x="65" y="50" width="16" height="40"><title>2026-12-06 不合规: 2</title></rect>',
    );
    expect(svg).toContain('<title id="trend-svg-title">近 3 天合规趋势</title>');
    // Today (index 2) is labelled; 12-05 and 12-06 are not (not a multiple of five days back).
    expect(svg).toContain('<text x="95" y="186" text-anchor="middle">12-07</text>');
    expect(svg).not.toContain('>12-06</text>');
    expect(svg.match(/<rect /g)).toHaveLength(5);
  });

  it('lists every day newest first in the table, the missing one said to be missing', () => {
    const table = trendTable(trendGeometry(DAYS, '2026-12-07', 3), 'en', 'Asia/Shanghai', '2026-12-07').text;
    const rows = [...table.matchAll(/<tr[^>]*><th scope="row">([^<]*)/g)].map((match) => match[1]!.trim());
    expect(rows).toEqual(['2026-12-07', '2026-12-06', '2026-12-05']);
    expect(table).toContain(
      '<td class="num">8</td><td class="num">4</td><td class="num">2</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td>2026-12-06 23:59:59 +08:00</td>',
    );
    expect(table).toContain('no record (the collector was not running)');
  });
});
