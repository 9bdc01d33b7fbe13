// Public statistics against /health/live, in one run: each path is asked
// by the same number of virtual users for the same time, one after the
// other, so the two rates are measured on the same machine minutes apart.
// /v1/statistics answers from the cache (and the CDN would answer before
// it); a miss reads one snapshot row, never counts.
//   k6 run [-e VUS=16] [-e DURATION=15s] k6/statistics.js
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { get, summarize } from './lib.js';

const VUS = Number(__ENV.VUS || 16);
const DURATION = __ENV.DURATION || '15s';
const seconds = parseInt(DURATION, 10);

const statisticsAnswers = new Counter('statistics_answers');
const liveAnswers = new Counter('live_answers');

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    live: { executor: 'constant-vus', vus: VUS, duration: DURATION, exec: 'live' },
    statistics: {
      executor: 'constant-vus', vus: VUS, duration: DURATION, exec: 'statistics',
      startTime: `${seconds + 2}s`,
    },
  },
  thresholds: {
    'http_req_duration{scenario:statistics}': ['p(99)<100'],
    'checks': ['rate>0.999'],
  },
};

export function live() {
  const r = get('/health/live', { tags: { step: 'live' } });
  if (check(r, { 'live 200': (x) => x.status === 200 })) liveAnswers.add(1);
}

export function statistics() {
  const r = get('/v1/statistics', { tags: { step: 'statistics' } });
  if (check(r, {
    'statistics 200': (x) => x.status === 200,
    'computed ahead': (x) => x.json('computed_at') !== null,
  })) statisticsAnswers.add(1);
}

export function handleSummary(data) {
  const rate = (name) => Math.round(((data.metrics[name] || { values: { count: 0 } }).values.count / seconds) * 10) / 10;
  const out = summarize('statistics', data);
  out.stdout += `  /v1/statistics: ${rate('statistics_answers')} req/s; /health/live: ${rate('live_answers')} req/s; ratio ${Math.round((rate('statistics_answers') / Math.max(1, rate('live_answers'))) * 100) / 100}\n`;
  return out;
}
