// Requests per second that a path sustains with VUS clients in a closed
// loop (each sends its next request when the last one is answered): the
// server's own ceiling, used by scripts/bench.sh.
//   k6 run -e PATHS=/health/live -e VUS=64 -e DURATION=10s k6/throughput.js
import http from 'k6/http';
import { check } from 'k6';
import { BASE, summarize } from './lib.js';

const PATHS = (__ENV.PATHS || '/health/live').split(',');

export const options = {
  vus: Number(__ENV.VUS || 64),
  duration: __ENV.DURATION || '10s',
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  thresholds: { http_req_failed: ['rate<0.001'], checks: ['rate>0.999'] },
};

export default function () {
  const path = PATHS[Math.floor(Math.random() * PATHS.length)];
  const r = http.get(`${BASE}${path}`);
  check(r, { 'answered with a body': (x) => x.status === 200 && x.body.length > 0 });
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'throughput', data);
}
