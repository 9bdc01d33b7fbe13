// Smoke load on the public reference reads and the health probes: checks
// that a running Renfort answers correctly under a short constant load.
//   k6 run -e BASE_URL=http://127.0.0.1:8080 k6/smoke.js
import http from 'k6/http';
import { check } from 'k6';
import { summarize } from './lib.js';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080';

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    reads: { executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '20s', preAllocatedVUs: 50 },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<50', 'p(99)<100'],
    checks: ['rate>0.999'],
  },
};

export default function () {
  const domains = http.get(`${BASE}/v1/domains`);
  check(domains, { 'domains listed': (r) => r.status === 200 && r.json('items').length === 11 });
  const status = http.get(`${BASE}/v1/status`);
  check(status, { 'status has a mode': (r) => r.status === 200 && ['normal', 'degraded'].includes(r.json('mode')) });
}

export function handleSummary(data) {
  return summarize('smoke', data);
}
