// The process short of CPU: a constant arrival rate of cached public
// reads (mission pages and listings) at RATE/s, with /health/live probed
// ten times a second on the API's port, by scripts/bench.sh (PART=pinned)
// while Renfort is pinned to one core. The summary separates the requests
// answered 200 from those refused 503, and the probes.
//   k6 run -e BASE_URL=... -e RATE=4000 -e PATHS=/v1/missions?limit=20 k6/pinned.js
import http from 'k6/http';
import { Trend, Counter } from 'k6/metrics';
import { BASE, summarize } from './lib.js';

const PATHS = (__ENV.PATHS || '/v1/missions?limit=20').split(',');
const accepted = new Trend('accepted_ms', true);
const refused = new Trend('refused_ms', true);
const live = new Trend('live_ms', true);
const served = new Counter('served');
const shed = new Counter('shed');
const other = new Counter('other');

export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    crowd: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 2000),
      timeUnit: '1s',
      duration: __ENV.DURATION || '20s',
      preAllocatedVUs: 400,
      maxVUs: 2000,
      exec: 'crowd',
    },
    probe: {
      executor: 'constant-arrival-rate',
      rate: 10,
      timeUnit: '1s',
      duration: __ENV.DURATION || '20s',
      preAllocatedVUs: 10,
      exec: 'probe',
    },
  },
};

export function crowd() {
  const r = http.get(`${BASE}${PATHS[Math.floor(Math.random() * PATHS.length)]}`, { timeout: '10s' });
  if (r.status === 200) {
    served.add(1);
    accepted.add(r.timings.duration);
  } else if (r.status === 503) {
    shed.add(1);
    refused.add(r.timings.duration);
  } else {
    other.add(1);
  }
}

export function probe() {
  const r = http.get(`${BASE}/health/live`, { timeout: '10s' });
  live.add(r.status === 200 ? r.timings.duration : 10000);
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'pinned', data);
}
