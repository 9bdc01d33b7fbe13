// Anonymous browsing, the bulk of peak traffic: search, listings, mission
// pages (cached, as the CDN would serve them).
//   k6 run -e RATE=500 k6/browse.js
import { check } from 'k6';
import { get, randomTown, DOMAINS, summarize } from './lib.js';

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    browsing: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
      preAllocatedVUs: 100,
      maxVUs: 500,
      stages: [
        { target: Number(__ENV.RATE || 200), duration: __ENV.RAMP || '10s' },
        { target: Number(__ENV.RATE || 200), duration: __ENV.HOLD || '30s' },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: ['p(95)<100', 'p(99)<250'],
    checks: ['rate>0.999'],
  },
};

export function setup() {
  const list = get('/v1/missions?limit=100');
  return { ids: (list.json('items') || []).map((m) => m.id) };
}

export default function (data) {
  const [lat, lng] = randomTown();
  const domain = DOMAINS[Math.floor(Math.random() * DOMAINS.length)];
  const search = get(`/v1/search/missions?lat=${lat}&lng=${lng}&radius_km=30&domains=${domain}&facets=domain,format`);
  check(search, { 'search answers': (r) => r.status === 200 && Array.isArray(r.json('hits')) });
  const listing = get(`/v1/missions?domain=${domain}&limit=20`);
  check(listing, { 'listing answers': (r) => r.status === 200 && Array.isArray(r.json('items')) });
  if (data.ids.length > 0) {
    const id = data.ids[Math.floor(Math.random() * data.ids.length)];
    const page = get(`/v1/missions/${id}`);
    check(page, { 'mission page': (r) => (r.status === 200 && r.json('id') === id) || r.status === 404 });
  }
}

export function handleSummary(data) {
  return summarize('browse', data);
}
