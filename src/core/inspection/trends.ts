/**
 * Inspection outcomes over time, from the records in `.promptcoach/inspections/`: the accept rate,
 * decisions per week, how often each checklist item fails, and two alerts:
 *
 * - `rejections-rising`: the share of decisions that rejected the output rose by more than
 *   `rejectRateRise` in the last `windowDays` days against the window before it;
 * - `item-failing`: the share of one item's verdicts that are 'fail' rose by more than
 *   `itemFailRise` in the same comparison.
 *
 * Both need `minInspections` decisions (or verdicts) on each side, so two early rejections do not
 * raise an alarm. Each alert carries the recent reasons or failure notes as evidence.
 */
import type { InspectionBucket, InspectionSeries, ItemStat } from '../report/model';
import type { Alert, TrendThresholds } from '../trends';
import type { InspectionRecord } from './record';

const DAY = 86_400;
const WEEK = 7 * DAY;
/** Reasons or notes an alert quotes. */
const EVIDENCE_LINES = 3;

/** Monday 00:00 UTC of the week holding `time` (seconds). The epoch was a Thursday. */
export function weekStart(time: number): number {
  const days = Math.floor(time / DAY);
  return (days - ((days + 3) % 7)) * DAY;
}

const seconds = (r: InspectionRecord) => Math.floor(Date.parse(r.time) / 1000);
const itemKey = (r: InspectionRecord, item: string) => `${r.checklist.id}/${item}`;

/** The series of `records` with a time in [from, to] (seconds; open ends when undefined). */
export function inspectionSeries(records: readonly InspectionRecord[], invalidLines = 0, from?: number, to?: number): InspectionSeries {
  const inRange = records.filter((r) => {
    const t = seconds(r);
    return (from === undefined || t >= from) && (to === undefined || t <= to);
  });
  const weeks = new Map<number, InspectionBucket>();
  const items = new Map<string, ItemStat>();
  let accepted = 0;
  for (const r of inRange) {
    const start = weekStart(seconds(r));
    let week = weeks.get(start);
    if (!week) weeks.set(start, (week = { start, accepted: 0, rejected: 0, itemFails: {} }));
    if (r.decision === 'accepted') {
      accepted++;
      week.accepted++;
    } else week.rejected++;
    for (const v of r.items) {
      const key = itemKey(r, v.id);
      let stat = items.get(key);
      if (!stat) items.set(key, (stat = { checklist: r.checklist.id, item: v.id, total: 0, failed: 0, na: 0, failRate: 0 }));
      stat.total++;
      if (v.verdict === 'fail') {
        stat.failed++;
        week.itemFails[key] = (week.itemFails[key] ?? 0) + 1;
      } else if (v.verdict === 'na') stat.na++;
    }
  }
  // Weeks without a decision are in the series too: a gap in reviewing is a fact worth seeing.
  const starts = [...weeks.keys()].sort((a, b) => a - b);
  const filled: InspectionBucket[] = [];
  if (starts.length) {
    for (let t = starts[0] as number; t <= (starts[starts.length - 1] as number); t += WEEK) {
      filled.push(weeks.get(t) ?? { start: t, accepted: 0, rejected: 0, itemFails: {} });
    }
  }
  for (const stat of items.values()) stat.failRate = stat.total ? round3(stat.failed / stat.total) : 0;
  return {
    accepted,
    rejected: inRange.length - accepted,
    acceptRate: inRange.length ? round3(accepted / inRange.length) : null,
    weeks: filled,
    items: [...items.values()].sort((a, b) => b.failRate - a.failRate || b.failed - a.failed || (itemKey2(a) < itemKey2(b) ? -1 : 1)),
    invalidLines,
  };
}

/** The inspection alerts at `now` (seconds): the last `windowDays` against the same span before. */
export function inspectionAlerts(records: readonly InspectionRecord[], thresholds: TrendThresholds, now: number): Alert[] {
  const span = thresholds.windowDays * DAY;
  const recent = records.filter((r) => seconds(r) > now - span && seconds(r) <= now);
  const earlier = records.filter((r) => seconds(r) > now - 2 * span && seconds(r) <= now - span);
  const alerts: Alert[] = [];
  const min = thresholds.minInspections;
  const day = (r: InspectionRecord) => r.time.slice(0, 10);

  if (recent.length >= min && earlier.length >= min) {
    const rate = (list: readonly InspectionRecord[]) => list.filter((r) => r.decision === 'rejected').length / list.length;
    const then = rate(earlier);
    const nowRate = rate(recent);
    if (nowRate - then > thresholds.rejectRateRise) {
      alerts.push({
        kind: 'rejections-rising',
        message:
          `Inspections rejected ${percent(nowRate)} of agent output in the last ${thresholds.windowDays} days ` +
          `(${recent.filter((r) => r.decision === 'rejected').length} of ${recent.length}), up from ${percent(then)} in the ${thresholds.windowDays} days before`,
        movers: [],
        evidence: recent
          .filter((r) => r.decision === 'rejected')
          .slice(-EVIDENCE_LINES)
          .reverse()
          .map((r) => `${day(r)} ${r.reviewer.name} rejected ${r.outputs.map((o) => o.path).join(', ')}: ${oneLine(r.reason)}`),
      });
    }
  }

  const verdicts = (list: readonly InspectionRecord[]) => {
    const byItem = new Map<string, { total: number; failed: number; notes: string[] }>();
    for (const r of list) {
      for (const v of r.items) {
        if (v.verdict === 'na') continue;
        const key = itemKey(r, v.id);
        let s = byItem.get(key);
        if (!s) byItem.set(key, (s = { total: 0, failed: 0, notes: [] }));
        s.total++;
        if (v.verdict === 'fail') {
          s.failed++;
          s.notes.push(`${day(r)} ${r.reviewer.name}: ${oneLine(v.note)}`);
        }
      }
    }
    return byItem;
  };
  const before = verdicts(earlier);
  for (const [key, s] of [...verdicts(recent)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const b = before.get(key);
    if (!b || s.total < min || b.total < min) continue;
    const then = b.failed / b.total;
    const nowRate = s.failed / s.total;
    if (nowRate - then > thresholds.itemFailRise) {
      alerts.push({
        kind: 'item-failing',
        message:
          `Checklist item '${key}' failed ${percent(nowRate)} of inspections in the last ${thresholds.windowDays} days ` +
          `(${s.failed} of ${s.total}), up from ${percent(then)} before`,
        movers: [],
        evidence: s.notes.slice(-EVIDENCE_LINES).reverse(),
      });
    }
  }
  return alerts;
}

function itemKey2(s: ItemStat): string {
  return `${s.checklist}/${s.item}`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat || '(no note)';
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
