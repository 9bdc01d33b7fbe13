// A TV announcement: from near zero to a high plateau in seconds, hold,
// then back down. Signups and browsing mixed as on the night.
//   k6 run -e PEAK=600 k6/spike.js
import { check } from 'k6';
import { post, get, signupBody, randomTown, summarize } from './lib.js';

const PEAK = Number(__ENV.PEAK || 400);
const PREFIX = `spike${Date.now()}`;

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    announcement: {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 1500,
      stages: [
        { target: PEAK, duration: '10s' },
        { target: PEAK, duration: __ENV.HOLD || '30s' },
        { target: 5, duration: '10s' },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<200', 'p(99)<500'],
    checks: ['rate>0.999'],
  },
};

export default function () {
  if (Math.random() < 0.3) {
    const r = post('/v1/auth/signup', signupBody(`${PREFIX}.${__VU}.${__ITER}@example.org`));
    check(r, { 'signup accepted': (x) => x.status === 202 });
  } else {
    const [lat, lng] = randomTown();
    const r = get(`/v1/search/missions?lat=${lat}&lng=${lng}&radius_km=30`);
    check(r, { 'search answers': (x) => x.status === 200 && Array.isArray(x.json('hits')) });
  }
}

export function handleSummary(data) {
  return summarize('spike', data);
}
