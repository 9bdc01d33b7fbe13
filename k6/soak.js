// A moderate mixed load for a long time: leaks, pool exhaustion and
// growing queues show here. DURATION is a parameter (default 10m).
//   k6 run -e DURATION=1h -e RATE=50 k6/soak.js
import { check } from 'k6';
import { post, get, signupBody, randomTown, summarize } from './lib.js';

const PREFIX = `soak${Date.now()}`;

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 50),
      timeUnit: '1s',
      duration: __ENV.DURATION || '10m',
      preAllocatedVUs: 50,
      maxVUs: 300,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<100', 'p(99)<250'],
    checks: ['rate>0.999'],
  },
};

export default function () {
  const roll = Math.random();
  if (roll < 0.2) {
    const r = post('/v1/auth/signup', signupBody(`${PREFIX}.${__VU}.${__ITER}@example.org`));
    check(r, { 'signup accepted': (x) => x.status === 202 });
  } else if (roll < 0.7) {
    const [lat, lng] = randomTown();
    const r = get(`/v1/search/missions?lat=${lat}&lng=${lng}&radius_km=50`);
    check(r, { 'search answers': (x) => x.status === 200 && Array.isArray(x.json('hits')) });
  } else {
    const r = get('/v1/missions?limit=20');
    check(r, { 'listing answers': (x) => x.status === 200 && Array.isArray(x.json('items')) });
  }
  const live = get('/health/ready');
  check(live, { ready: (x) => x.status === 200 && x.json('status') === 'ready' });
}

export function handleSummary(data) {
  return summarize('soak', data);
}
