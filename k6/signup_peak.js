// The TV-announcement path: signups alone at a constant arrival rate.
//   k6 run -e RATE=1200 -e DURATION=30s k6/signup_peak.js
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { post, signupBody, summarize } from './lib.js';

const accepted = new Counter('signups_accepted');
const PREFIX = __ENV.PREFIX || `peak${Date.now()}`;

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    signups: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 300),
      timeUnit: '1s',
      duration: __ENV.DURATION || '20s',
      preAllocatedVUs: Number(__ENV.VUS || 200),
      maxVUs: Number(__ENV.MAX_VUS || 1000),
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<100', 'p(99)<200'],
    checks: ['rate>0.999'],
  },
};

export default function () {
  const email = `${PREFIX}.${__VU}.${__ITER}@example.org`;
  const r = post('/v1/auth/signup', signupBody(email));
  if (r.status === 202) accepted.add(1);
  check(r, { 'signup accepted': (x) => x.status === 202 && x.json('status') === 'accepted' });
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'signup_peak', data);
}
