// Logins per second with seeded volunteers, clients in a closed loop.
//   k6 run -e SEED_RUN=<run> -e VOLUNTEERS=1000 k6/login_rate.js
import { check } from 'k6';
import { post, summarize } from './lib.js';

export const options = {
  vus: Number(__ENV.VUS || 8),
  duration: __ENV.DURATION || '10s',
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  thresholds: { http_req_failed: ['rate<0.001'], checks: ['rate>0.999'] },
};

export default function () {
  const n = Math.floor(Math.random() * Number(__ENV.VOLUNTEERS || 1));
  const r = post('/v1/auth/login', { email: `seed-${__ENV.SEED_RUN}-v${n}@example.org`, password: 'renfort seed password' });
  check(r, { 'signed in': (x) => x.status === 200 && x.json('token_type') === 'Bearer' });
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'login_rate', data);
}
