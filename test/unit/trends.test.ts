import * as assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS, findAlerts, type TrendPoint } from '../../src/core/trends';

const DAY = 86_400;
const point = (day: number, score: number, files: number, rules: Record<string, number> = {}, byKind: Record<string, number> = {}): TrendPoint => ({
  sha: `c${day}`,
  time: day * DAY,
  author: `A${day}`,
  subject: `day ${day}`,
  score,
  files,
  byKind,
  findingsByRule: rules,
});

describe('degradation alerts', () => {
  it('says nothing about a steady or improving workspace', () => {
    assert.deepEqual(findAlerts([point(1, 80, 10), point(5, 82, 10), point(9, 85, 12)]), []);
  });

  it('compares with the best score inside the window only', () => {
    // Fell from 95 to 80, but 40 days ago: outside the 30-day window, the score has been flat since.
    assert.deepEqual(findAlerts([point(1, 95, 10), point(2, 80, 10), point(42, 80, 10)]), []);
    const alerts = findAlerts([point(1, 95, 10), point(20, 90, 10), point(25, 80, 10)]);
    assert.deepEqual(alerts.map((a) => a.kind), ['score-drop']);
    assert.deepEqual(alerts[0]?.movers.map((m) => [m.sha, m.delta]), [['c25', -10], ['c20', -5]]);
  });

  it('reports a rule whose hit rate rises, not one that grows with the number of files', () => {
    const grew = findAlerts([point(1, 90, 10, { vague: 5 }), point(9, 90, 40, { vague: 20 })]);
    assert.deepEqual(grew, []);
    const rising = findAlerts([point(1, 90, 10, { vague: 5 }), point(9, 88, 10, { vague: 9 })]);
    assert.deepEqual(rising.map((a) => a.message), ["'vague' findings rose from 5 to 9 in 30 days, 0.50 to 0.90 a file"]);
  });

  it('reports a kind that lags the workspace', () => {
    const alerts = findAlerts([point(1, 85, 10, {}, { prompt: 90, context: 60 })], { ...DEFAULT_THRESHOLDS, kindGap: 20 });
    assert.deepEqual(alerts.map((a) => a.message), ["Files of kind 'context' score 60, 25 points below the workspace's 85"]);
  });
});
