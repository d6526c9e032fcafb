// The overview's 30-day trend as an SVG drawn on the server: one stacked bar per day of the collector's zone
// (compliant at the bottom, then failing, not yet judged, never seen), no script and no inline style (the
// CSP forbids both): attributes and the classes of the stylesheet only. A day without a row (the collector
// did not run) has no bar; nothing is interpolated. The same numbers go into a table beside the chart, for
// readers who cannot see it. Geometry is a pure function, tested with the bars written out by hand.
import type { Lang } from '../../../policies/messages/language';
import type { ComplianceDay__Output } from '../../../proto/generated/shoumi/v1/ComplianceDay';
import { addDays } from '../../zone-days';
import { type Bilingual, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';

export const TREND_LAYOUT = { left: 40, right: 10, top: 10, plotHeight: 160, bottom: 30, slot: 22, bar: 16 };

export type SegmentKind = 'compliant' | 'failing' | 'notJudged' | 'neverSeen';

export interface TrendSegment {
  kind: SegmentKind;
  count: number;
  y: number;
  height: number;
}

export interface TrendSlot {
  day: string;
  /** Left edge of the bar. */
  x: number;
  record: ComplianceDay__Output | undefined;
  /** Bottom to top; segments of 0 devices left out. */
  segments: TrendSegment[];
}

export interface TrendGeometry {
  width: number;
  height: number;
  /** The device count the top of the plot stands for. */
  yMax: number;
  slots: TrendSlot[];
}

const tenth = (value: number) => Math.round(value * 10) / 10;

/** The bars of the `count` days ending with `lastDay`. */
export function trendGeometry(
  days: readonly ComplianceDay__Output[],
  lastDay: string,
  count: number,
): TrendGeometry {
  const { left, right, top, plotHeight, bottom, slot, bar } = TREND_LAYOUT;
  const byDay = new Map(days.map((day) => [day.day, day]));
  const window = Array.from({ length: count }, (_, index) => addDays(lastDay, index - (count - 1)));
  const yMax = Math.max(1, ...window.map((day) => byDay.get(day)?.devices ?? 0));
  const baseline = top + plotHeight;
  const slots = window.map((day, index): TrendSlot => {
    const record = byDay.get(day);
    const x = left + index * slot + (slot - bar) / 2;
    if (!record) return { day, x, record, segments: [] };
    // A never-seen device with an open finding is counted failing too (fleet counts): its bar part is the
    // rest of the fleet, so the stack is exactly the fleet's height.
    const counts: [SegmentKind, number][] = [
      ['compliant', record.compliant],
      ['failing', record.failing],
      ['notJudged', record.notYetJudged],
      ['neverSeen', Math.max(0, record.devices - record.compliant - record.failing - record.notYetJudged)],
    ];
    let stacked = 0;
    const segments: TrendSegment[] = [];
    for (const [kind, n] of counts) {
      if (n <= 0) continue;
      const height = tenth((n * plotHeight) / yMax);
      stacked = tenth(stacked + height);
      segments.push({ kind, count: n, y: tenth(baseline - stacked), height });
    }
    return { day, x, record, segments };
  });
  return { width: left + count * slot + right, height: top + plotHeight + bottom, yMax, slots };
}

const SEGMENT_CLASS: Record<SegmentKind, string> = {
  compliant: 'bar-pass',
  failing: 'bar-fail',
  notJudged: 'bar-warn',
  neverSeen: 'bar-none',
};

export const TREND_TEXT = {
  title: { zh: '近 {days} 天合规趋势', en: 'Compliance over the last {days} days' },
  desc: {
    zh: '每天一根柱：自下而上为合规、不合规、未完成检查、从未上线的设备数，取当天采集端最后一次记录。',
    en: "One bar a day: devices compliant, failing, not yet judged and never seen, bottom to top, as of the collector's last record that day.",
  },
  absent: {
    zh: '没有柱的日子采集端未运行，没有记录；不做插补。',
    en: 'Days without a bar had no record (the collector was not running); nothing is filled in.',
  },
  numbers: { zh: '趋势数据（表格）', en: 'The trend as a table' },
  day: { zh: '日期', en: 'Day' },
  devices: { zh: '设备', en: 'Devices' },
  compliant: { zh: '合规', en: 'Compliant' },
  failing: { zh: '不合规', en: 'Failing' },
  notJudged: { zh: '未完成检查', en: 'Not yet judged' },
  neverSeen: { zh: '从未上线', en: 'Never seen' },
  silent: { zh: '失联', en: 'Silent' },
  recordedAt: { zh: '记录时间', en: 'Recorded at' },
  noRecord: { zh: '无记录（采集端未运行）', en: 'no record (the collector was not running)' },
  today: { zh: '今天（实时）', en: 'today (now)' },
} satisfies Record<string, Bilingual>;

const SEGMENT_TEXT: Record<SegmentKind, Bilingual> = {
  compliant: TREND_TEXT.compliant,
  failing: TREND_TEXT.failing,
  notJudged: TREND_TEXT.notJudged,
  neverSeen: TREND_TEXT.neverSeen,
};

/** The chart: an <svg> whose title and description name what it shows; each bar part has its own <title>. */
export function trendChart(geometry: TrendGeometry, lang: Lang): SafeHtml {
  const { left, top, plotHeight, bar } = TREND_LAYOUT;
  const baseline = top + plotHeight;
  const right = geometry.width - TREND_LAYOUT.right;
  const last = geometry.slots.length - 1;
  return html`<svg class="trend-chart" viewBox="0 0 ${geometry.width} ${geometry.height}" width="${geometry.width}" height="${geometry.height}" role="img" aria-labelledby="trend-svg-title trend-svg-desc" xmlns="http://www.w3.org/2000/svg">
<title id="trend-svg-title">${say(lang, TREND_TEXT.title, { days: geometry.slots.length })}</title>
<desc id="trend-svg-desc">${say(lang, TREND_TEXT.desc)}</desc>
<line class="axis" x1="${left}" y1="${top}" x2="${right}" y2="${top}"/>
<line class="axis" x1="${left}" y1="${baseline}" x2="${right}" y2="${baseline}"/>
<text x="${left - 4}" y="${top + 4}" text-anchor="end">${geometry.yMax}</text>
<text x="${left - 4}" y="${baseline + 4}" text-anchor="end">0</text>
${geometry.slots.map(
  (item, index) =>
    html`<g class="trend-day" data-day="${item.day}">${item.segments.map(
      (segment) =>
        html`<rect class="${SEGMENT_CLASS[segment.kind]}" x="${item.x}" y="${segment.y}" width="${bar}" height="${segment.height}"><title>${item.day} ${say(lang, SEGMENT_TEXT[segment.kind])}: ${segment.count}</title></rect>`,
    )}${
      (last - index) % 5 === 0
        ? html`<text x="${tenth(item.x + bar / 2)}" y="${baseline + 16}" text-anchor="middle">${item.day.slice(5)}</text>`
        : ''
    }</g>`,
)}
</svg>`;
}

/** What each colour stands for (a list beside the chart; the colours are the stylesheet's). */
export function trendLegend(lang: Lang): SafeHtml {
  const kinds: SegmentKind[] = ['compliant', 'failing', 'notJudged', 'neverSeen'];
  return html`<ul class="trend-legend">${kinds.map(
    (kind) =>
      html`<li><svg class="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><rect class="${SEGMENT_CLASS[kind]}" width="10" height="10"/></svg>${say(lang, SEGMENT_TEXT[kind])}</li>`,
  )}</ul>`;
}

/** The same numbers, newest day first, every day of the window (the missing ones said to be missing). */
export function trendTable(geometry: TrendGeometry, lang: Lang, timeZone: string, today: string): SafeHtml {
  const t = (text: Bilingual) => say(lang, text);
  return html`<div class="table-wrap"><table class="trend-table">
<caption>${say(lang, TREND_TEXT.title, { days: geometry.slots.length })}</caption>
<thead><tr><th scope="col">${t(TREND_TEXT.day)}</th><th scope="col" class="num">${t(TREND_TEXT.devices)}</th><th scope="col" class="num">${t(TREND_TEXT.compliant)}</th><th scope="col" class="num">${t(TREND_TEXT.failing)}</th><th scope="col" class="num">${t(TREND_TEXT.notJudged)}</th><th scope="col" class="num">${t(TREND_TEXT.neverSeen)}</th><th scope="col" class="num">${t(TREND_TEXT.silent)}</th><th scope="col">${t(TREND_TEXT.recordedAt)}</th></tr></thead>
<tbody>${[...geometry.slots].reverse().map((item) => {
    const record = item.record;
    const day =
      item.day === today ? html`${item.day} <span class="muted">${t(TREND_TEXT.today)}</span>` : item.day;
    if (!record)
      return html`<tr class="absent"><th scope="row">${day}</th><td colspan="7" class="muted">${t(TREND_TEXT.noRecord)}</td></tr>`;
    return html`<tr><th scope="row">${day}</th><td class="num">${record.devices}</td><td class="num">${record.compliant}</td><td class="num">${record.failing}</td><td class="num">${record.notYetJudged}</td><td class="num">${record.neverSeen}</td><td class="num">${record.silent}</td><td>${consoleTime(record.recordedAtMs, timeZone)}</td></tr>`;
  })}</tbody>
</table></div>`;
}
