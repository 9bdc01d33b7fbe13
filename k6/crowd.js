// The TV-night crowd: signups, listing and search mixed, from many client
// addresses behind the trusted proxy, at an open arrival rate (clients do
// not wait for each other), with /health/live probed on the side.
//
//   k6 run -e RATE=2000 -e HOLD=20s k6/crowd.js
//
// RATE is the total offered requests/s: 50 % signups, 30 % listing, 20 %
// search over common words, pages and filters, a tenth of them never seen
// before (the slow path: a cache miss). The rate ramps over RAMP, holds for
// HOLD, then stops. 503 answers are counted as shed, with their latency.
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { BASE, signupBody, summarize } from './lib.js';

const RATE = Number(__ENV.RATE || 1000);
const PREFIX = __ENV.PREFIX || `crowd${Date.now()}`;
const ADDRESSES = Number(__ENV.ADDRESSES || 20000);

const signupsAccepted = new Counter('signups_accepted');
const shed = new Counter('shed');
const failed = new Counter('failed');
// Signups asked for the proof-of-work challenge (degraded mode): refused
// on purpose, like a 503, but k6 does not solve it.
const challenged = new Counter('challenged');
const shedMs = new Trend('shed_ms', true);
const acceptedMs = new Trend('accepted_ms', true);
const healthMs = new Trend('health_ms', true);
// The internal listener's, where Kubernetes probes go (INTERNAL_URL).
const internalHealthMs = new Trend('internal_health_ms', true);

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max', 'count'],
  discardResponseBodies: true,
  scenarios: {
    crowd: {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.floor(RATE / 10)),
      timeUnit: '1s',
      stages: [
        { target: RATE, duration: __ENV.RAMP || '10s' },
        { target: RATE, duration: __ENV.HOLD || '20s' },
      ],
      preAllocatedVUs: Number(__ENV.VUS || 300),
      maxVUs: Number(__ENV.MAX_VUS || 3000),
      exec: 'crowd',
    },
    health: {
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '1s',
      duration: __ENV.HEALTH_FOR || '30s',
      preAllocatedVUs: 10,
      exec: 'health',
    },
  },
};

const WORDS = ['repas', 'sport', 'jardin', 'lecture', 'musique', 'aide', 'enfants', 'nature', 'sang', 'musée'];
const DOMAINS = ['health', 'education', 'environment', 'solidarity_inclusion', 'sport', 'culture_leisure'];

// A client: one of ADDRESSES addresses, as nginx would set it.
function clientAddress() {
  const n = Math.floor(Math.random() * ADDRESSES);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function searchPath() {
  const params = [];
  if (Math.random() < 0.1) {
    // Never seen before: a miss that reaches the database.
    params.push(`q=${encodeURIComponent(`${WORDS[Math.floor(Math.random() * WORDS.length)]} ${Math.floor(Math.random() * 1e9)}`)}`);
  } else {
    params.push(`q=${encodeURIComponent(WORDS[Math.floor(Math.random() * 5)])}`);
  }
  if (Math.random() < 0.3) params.push(`domains=${DOMAINS[Math.floor(Math.random() * DOMAINS.length)]}`);
  params.push(`page=${Math.floor(Math.random() * 3)}`, 'facets=domain,department');
  return `/v1/search/missions?${params.join('&')}`;
}

function listingPath() {
  const pick = Math.random();
  if (pick < 0.5) return '/v1/missions?limit=20';
  if (pick < 0.8) return `/v1/missions?limit=20&domain=${DOMAINS[Math.floor(Math.random() * DOMAINS.length)]}`;
  return `/v1/missions?limit=20&department=${['69', '75', '13', '33', '59'][Math.floor(Math.random() * 5)]}`;
}

function record(r, kind) {
  if (r.status === 400 && typeof r.body === 'string' && r.body.includes('challenge_required')) {
    challenged.add(1, { kind });
  } else if (r.status === 503) {
    shed.add(1, { kind });
    shedMs.add(r.timings.duration, { kind });
  } else if (r.status >= 200 && r.status < 300) {
    acceptedMs.add(r.timings.duration, { kind });
  } else {
    failed.add(1, { kind, status: String(r.status) });
  }
}

export function crowd() {
  const headers = { 'X-Forwarded-For': clientAddress(), 'Content-Type': 'application/json' };
  const pick = Math.random();
  if (pick < 0.5) {
    const email = `${PREFIX}.${__VU}.${__ITER}@example.org`;
    // The body is kept for signups: a refusal names its code.
    const r = http.post(`${BASE}/v1/auth/signup`, JSON.stringify(signupBody(email)), { headers, tags: { kind: 'signup' }, responseType: 'text' });
    if (r.status === 202) signupsAccepted.add(1);
    record(r, 'signup');
  } else if (pick < 0.8) {
    record(http.get(`${BASE}${listingPath()}`, { headers, tags: { kind: 'listing' } }), 'listing');
  } else {
    record(http.get(`${BASE}${searchPath()}`, { headers, tags: { kind: 'search' } }), 'search');
  }
}

export function health() {
  const r = http.get(`${BASE}/health/live`, { tags: { kind: 'health' } });
  healthMs.add(r.status === 200 ? r.timings.duration : 10000);
  if (__ENV.INTERNAL_URL) {
    const i = http.get(`${__ENV.INTERNAL_URL}/health/live`, { tags: { kind: 'health' } });
    internalHealthMs.add(i.status === 200 ? i.timings.duration : 10000);
  }
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'crowd', data);
}
