// The partner API at the per-key limit: a mission hub pages through the
// change feed with a platform-wide key, an association's tool upserts
// missions by its own ids with its organisation's key, each at its key's
// rate (600 a minute by default, 10/s), and a third key is offered twice
// its rate many times over, to see refusals answered at once with
// `Retry-After`.
// Needs seeded organisations and an admin (as scenarios.sh makes them):
//   k6 run -e SEED_RUN=<run> -e ADMIN_EMAIL=… -e ADMIN_PASSWORD=… [-e KEY_RATE=600] [-e DURATION=30s] k6/partner.js
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { BASE, post, get, authed, login, missionBody, summarize } from './lib.js';

const SEED_PASSWORD = 'renfort seed password';
const KEY_RATE = Number(__ENV.KEY_RATE || 600);
const PER_SECOND = Math.max(1, Math.floor(KEY_RATE / 60));
const DURATION = __ENV.DURATION || '30s';

const feedItems = new Counter('feed_items');
const syncsCompleted = new Counter('feed_syncs_completed');
const upserted = new Counter('upserts');
const overLimitRefused = new Counter('over_limit_refused');
const overLimitServed = new Counter('over_limit_served');
const refusalDuration = new Trend('refusal_duration', true);

export const options = {
  setupTimeout: '60s',
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    feed: {
      executor: 'constant-arrival-rate', rate: PER_SECOND, timeUnit: '1s', duration: DURATION,
      preAllocatedVUs: 4, maxVUs: 20, exec: 'feed',
    },
    upserts: {
      executor: 'constant-arrival-rate', rate: PER_SECOND, timeUnit: '1s', duration: DURATION,
      preAllocatedVUs: 4, maxVUs: 20, exec: 'upsert',
    },
    over_limit: {
      executor: 'constant-arrival-rate', rate: 2, timeUnit: '1s', duration: DURATION,
      preAllocatedVUs: 2, maxVUs: 10, exec: 'overLimit',
    },
  },
  thresholds: {
    'http_req_duration{step:feed}': ['p(99)<200'],
    'http_req_duration{step:upsert}': ['p(99)<300'],
    'refusal_duration': ['p(99)<50'],
    'checks': ['rate>0.999'],
  },
};

function key(headers) {
  return { headers: Object.assign({ 'Content-Type': 'application/json' }, headers) };
}

export function setup() {
  const admin = login(__ENV.ADMIN_EMAIL, __ENV.ADMIN_PASSWORD);
  if (!admin) throw new Error('the admin cannot sign in');
  const hub = post('/v1/admin/api-keys', { name: 'k6 hub', rate_per_minute: KEY_RATE }, authed(admin));
  check(hub, { 'a platform key': (r) => r.status === 201 });
  const owner = login(`seed-${__ENV.SEED_RUN}-o0@example.org`, SEED_PASSWORD);
  if (!owner) throw new Error('no seeded owner');
  const org = get('/v1/me/organizations', authed(owner)).json('items')[0].id;
  const make = (name, scopes, rate) => {
    const r = post(`/v1/organizations/${org}/api-keys`, { name, scopes, rate_per_minute: rate }, authed(owner));
    check(r, { 'an organisation key': (x) => x.status === 201 });
    return r.json('secret');
  };
  return {
    hub: hub.json('secret'),
    writer: make('k6 tool', ['missions:read', 'missions:write'], KEY_RATE),
    // Ten a minute (a burst of ten, then one every 6 s); two a second
    // offered: most are refused.
    small: make('k6 small', ['missions:read'], 10),
  };
}

// Each VU follows the feed from the start, page after page, and starts
// again when it has caught up: a mirror kept in sync.
let cursor = null;

export function feed(data) {
  const path = cursor ? `/v1/partner/feed/missions?limit=100&cursor=${cursor}` : '/v1/partner/feed/missions?limit=100';
  const r = http.get(`${BASE}${path}`, Object.assign(key({ 'X-Api-Key': data.hub }), { tags: { step: 'feed' } }));
  const ok = check(r, { 'a feed page': (x) => x.status === 200 });
  if (!ok) return;
  feedItems.add(r.json('items').length);
  if (r.json('has_more')) {
    cursor = r.json('next_cursor');
  } else {
    syncsCompleted.add(1);
    cursor = null;
  }
}

// 200 missions known by the tool's ids: the first sending creates, later
// ones are unchanged, and one in four changes its capacity.
export function upsert(data) {
  const n = Math.floor(Math.random() * 200);
  const body = missionBody();
  body.domain = 'solidarity_inclusion';
  if (Math.random() < 0.25) body.capacity = 10 + Math.floor(Math.random() * 20);
  const r = http.put(`${BASE}/v1/partner/missions/k6-${__ENV.SEED_RUN}-${n}`, JSON.stringify(body),
    Object.assign(key({ 'X-Api-Key': data.writer }), { tags: { step: 'upsert' } }));
  check(r, { 'upserted': (x) => x.status === 200 || x.status === 201 });
  upserted.add(1);
}

export function overLimit(data) {
  const r = http.get(`${BASE}/v1/partner/feed/missions?limit=1`, key({ 'X-Api-Key': data.small }));
  if (r.status === 429) {
    overLimitRefused.add(1);
    refusalDuration.add(r.timings.duration);
    check(r, { 'refused with Retry-After': (x) => Number(x.headers['Retry-After']) >= 1 && x.headers['Ratelimit-Limit'] === '10' });
  } else {
    overLimitServed.add(1);
    check(r, { 'served within the rate': (x) => x.status === 200 });
  }
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'partner', data);
}
