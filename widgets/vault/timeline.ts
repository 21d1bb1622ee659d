/**
 * The vault's timeline: one row per certificate with its validity (bar), renewal window (the darker end of
 * the bar), notice date (tick) and today (a vertical line), drawn with lit's `svg` template so no markup is
 * ever built from strings. The picture is `aria-hidden`-free but labelled, and every row has a `<title>`;
 * the same facts are in a list next to it for screen readers and for people who do not read charts.
 */
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { formatJst } from '../../src/lifecycle/jst.js';
import type { RenewalSchedule } from '../../src/lifecycle/schedule.js';
import type { VaultStatus } from '../../src/vault/index.js';
import type { VaultTranslate } from './strings.js';

export interface TimelineRow {
  id: string;
  name: string;
  schedule: RenewalSchedule;
  status: VaultStatus;
}

/** Rows drawn at most; the rest are counted in the text. */
export const TIMELINE_MAX_ROWS = 40;

const ROW = 22;
const LABEL = 200;
const WIDTH = 760;
const AXIS = 22;

const day = (date: Date) => formatJst(date).slice(0, 10);

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Year boundaries between `from` and `to` (JST), for the axis. */
function years(from: number, to: number): Date[] {
  const result: Date[] = [];
  const start = new Date(from + 9 * 3600_000).getUTCFullYear() + 1;
  const end = new Date(to + 9 * 3600_000).getUTCFullYear();
  const step = Math.max(1, Math.ceil((end - start + 1) / 8));
  for (let year = start; year <= end; year += step) {
    result.push(new Date(Date.UTC(year, 0, 1) - 9 * 3600_000));
  }
  return result;
}

export function rowDescription(row: TimelineRow, t: VaultTranslate): string {
  const { schedule } = row;
  return t('timeline-row', {
    name: row.name,
    from: day(schedule.notBefore),
    to: day(schedule.notAfter),
    notice: day(schedule.noticeAt),
    opens: day(schedule.renewalOpensAt),
  });
}

/** The SVG and its text alternative. */
export function renderTimeline(rows: readonly TimelineRow[], now: Date, t: VaultTranslate): TemplateResult {
  const drawn = rows.slice(0, TIMELINE_MAX_ROWS);
  if (drawn.length === 0) return html``;
  const times = drawn.flatMap((row) => [row.schedule.notBefore.getTime(), row.schedule.notAfter.getTime()]);
  const min = Math.min(...times, now.getTime());
  const max = Math.max(...times, now.getTime());
  const span = Math.max(max - min, 24 * 3600_000);
  const x = (time: number) => LABEL + ((time - min) / span) * (WIDTH - LABEL - 10);
  const height = AXIS + drawn.length * ROW + 4;
  const nowX = x(now.getTime());

  const row = (item: TimelineRow, index: number): SVGTemplateResult => {
    const y = AXIS + index * ROW;
    const { schedule } = item;
    const start = x(schedule.notBefore.getTime());
    const end = x(schedule.notAfter.getTime());
    const opens = Math.min(Math.max(x(schedule.renewalOpensAt.getTime()), start), end);
    const notice = Math.min(Math.max(x(schedule.noticeAt.getTime()), start), end);
    return svg`<g class="track" data-id=${item.id} data-status=${item.status}>
      <title>${rowDescription(item, t)}</title>
      <text class="label" x="4" y=${y + 15}>${truncate(item.name, 28)}</text>
      <rect class="validity" x=${start} y=${y + 5} width=${Math.max(end - start, 1)} height="12" rx="2"></rect>
      <rect class="window" x=${opens} y=${y + 5} width=${Math.max(end - opens, 1)} height="12" rx="2"></rect>
      <line class="notice" x1=${notice} x2=${notice} y1=${y + 1} y2=${y + 21}></line>
    </g>`;
  };

  return html`
    <figure class="timeline" part="timeline">
      <svg
        viewBox=${`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby="timeline-title"
        aria-describedby="timeline-desc timeline-text"
        preserveAspectRatio="xMinYMin meet"
      >
        ${years(min, max).map(
          (boundary) =>
            svg`<g class="axis"><line x1=${x(boundary.getTime())} x2=${x(boundary.getTime())} y1="14" y2=${height}></line>
              <text x=${x(boundary.getTime()) + 3} y="12">${day(boundary).slice(0, 4)}</text></g>`,
        )}
        ${drawn.map(row)}
        <line class="now" x1=${nowX} x2=${nowX} y1="14" y2=${height}></line>
        <text class="now-label" x=${Math.min(nowX + 3, WIDTH - 40)} y="12">${t('today')}</text>
      </svg>
      <figcaption>
        <strong id="timeline-title">${t('timeline-title')}</strong>
        <span class="hint" id="timeline-desc">${t('timeline-desc')}</span>
      </figcaption>
      <ul class="visually-hidden" id="timeline-text">
        ${drawn.map((item) => html`<li>${rowDescription(item, t)}</li>`)}
        ${
          rows.length > drawn.length
            ? html`<li>${t('timeline-more', { count: rows.length - drawn.length })}</li>`
            : nothing
        }
      </ul>
    </figure>
  `;
}
