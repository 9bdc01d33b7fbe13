// Each path alone at a fixed rate, one after the other, on a seeded
// database: PART=scale scripts/bench.sh runs it on the national database
// and on a fresh one, and prints each p99 beside the other.
//   k6 run -e RUN=<seed run> [-e RATE=40] [-e STEP=8] k6/scale.js
// The seeded accounts sign in with the seed's password; the network's
// owner (seed-<run>-o0) is an administrator too (renfort admin create).
import http from 'k6/http';
import { check } from 'k6';
import { BASE, post, get, authed, uniqueEmail, signupBody, tokenFromMailbox, PASSWORD, summarize } from './lib.js';

const RUN = __ENV.RUN;
const RATE = Number(__ENV.RATE || 40);
const STEP = Number(__ENV.STEP || 8);
const SEED_PASSWORD = 'renfort seed password';
const WORDS = ['distribution', 'soutien scolaire', 'maraude', 'musée', 'football', 'rivière', 'réfugiées', 'comptabilité', 'festival', 'hôpital'];

// Argon2 is the cost of these: a lower rate, the same for both databases.
const PATHS = [
  ['signup', RATE],
  ['activation', RATE / 4],
  ['login', RATE / 4],
  ['mission_cached', RATE],
  ['mission_missed', RATE],
  ['listing_cached', RATE],
  ['listing_missed', RATE],
  ['search_cached', RATE],
  ['search_missed', RATE],
  ['apply', RATE],
  ['applications_first', RATE],
  ['applications_50th', RATE],
  ['my_participations', RATE],
  ['feed_first', RATE],
  ['feed_deep', RATE],
  ['statistics_public', RATE],
  ['statistics_admin', RATE],
];

const scenarios = {};
const thresholds = {};
PATHS.forEach(([name, rate], i) => {
  scenarios[name] = {
    executor: 'constant-arrival-rate', rate: Math.max(1, Math.round(rate)), timeUnit: '1s',
    duration: `${STEP}s`, preAllocatedVUs: 20, maxVUs: 200, exec: name,
    startTime: `${i * (STEP + 1)}s`, tags: { path: name },
  };
  // A threshold per path makes k6 keep its own percentiles.
  thresholds[`http_req_duration{path:${name}}`] = ['p(99)<100000'];
  thresholds[`http_req_failed{path:${name}}`] = ['rate<=1'];
});

export const options = {
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max', 'count'],
  setupTimeout: '300s',
  scenarios,
  thresholds,
};

function signIn(email) {
  const r = post('/v1/auth/login', { email, password: SEED_PASSWORD }, { tags: { path: 'setup' } });
  if (r.status !== 200) throw new Error(`${email} cannot sign in: ${r.status} ${r.body}`);
  return r.json('access_token');
}

// Follows `path`'s cursors `pages` times; returns the cursor reached.
function deepCursor(path, params, pages) {
  let cursor = null;
  for (let i = 0; i < pages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = get(cursor ? `${path}${sep}cursor=${cursor}` : path, params);
    const next = r.status === 200 ? r.json('next_cursor') : null;
    if (!next) break;
    cursor = next;
  }
  return cursor;
}

export function setup() {
  const owner = signIn(`seed-${RUN}-o0@example.org`);
  const volunteers = [];
  for (let n = 0; n < 20; n++) volunteers.push(signIn(`seed-${RUN}-v${n * 37}@example.org`));
  // Missions: the listing's pages, and the network's busiest.
  const missions = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const r = get(`/v1/missions?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { tags: { path: 'setup' } });
    (r.json('items') || []).forEach((m) => missions.push(m.id));
    cursor = r.json('next_cursor');
    if (!cursor) break;
  }
  const me = get('/v1/me/organizations', authed(owner));
  const org = (me.json('items') || me.json() || [])[0];
  const network = org.id || org.organization_id;
  const own = get(`/v1/missions?organization_id=${network}&limit=100`, authed(owner)).json('items') || [];
  let busiest = own[0].id;
  let most = -1;
  for (const m of own.slice(0, 30)) {
    const taken = m.places_taken || 0;
    if (taken > most) { most = taken; busiest = m.id; }
  }
  const listPath = `/v1/missions/${busiest}/participations?limit=20`;
  const fiftieth = deepCursor(listPath, authed(owner), 49);
  const key = post(`/v1/organizations/${network}/api-keys`,
    { name: 'bench', scopes: ['missions:read', 'participations:read'], rate_per_minute: 100000 }, authed(owner));
  const secret = key.json('secret');
  const partner = { headers: { 'x-api-key': secret } };
  const feedDeep = deepCursor('/v1/partner/feed/participations?limit=100', partner, 100);
  return { owner, volunteers, missions, network, busiest, fiftieth, secret, feedDeep };
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const ok = (name, r, statuses = [200]) => check(r, { [`${name} answered`]: (x) => statuses.includes(x.status) });

export function signup() {
  ok('signup', post('/v1/auth/signup', signupBody(uniqueEmail('scale'))), [202]);
}

export function activation() {
  const email = uniqueEmail('scale-act');
  post('/v1/auth/signup', signupBody(email), { tags: { path: 'setup' } });
  const token = tokenFromMailbox(email, 'activation');
  ok('activation', post('/v1/auth/activate', { token, password: PASSWORD }));
}

export function login() {
  // Among the first 5,000: every seeded database has them.
  const n = Math.floor(Math.random() * 5000);
  ok('login', post('/v1/auth/login', { email: `seed-${RUN}-v${n}@example.org`, password: SEED_PASSWORD }));
}

export function mission_cached(d) { ok('mission', get(`/v1/missions/${d.missions[0]}`)); }
export function mission_missed(d) { ok('mission', get(`/v1/missions/${pick(d.missions)}`)); }
export function listing_cached() { ok('listing', get('/v1/missions')); }
export function listing_missed() {
  // Departments 01 to 95 (Corsica is 2A and 2B, not 20).
  let dep = String(1 + Math.floor(Math.random() * 95)).padStart(2, '0');
  if (dep === '20') dep = '2A';
  ok('listing', get(`/v1/missions?department=${dep}&limit=${10 + Math.floor(Math.random() * 40)}`));
}
export function search_cached() { ok('search', get('/v1/search/missions?q=distribution')); }
export function search_missed() {
  const page = Math.floor(Math.random() * 5);
  ok('search', get(`/v1/search/missions?q=${encodeURIComponent(pick(WORDS))}&page=${page}&per_page=${10 + Math.floor(Math.random() * 20)}`));
}

export function apply(d) {
  // Applied, already applied, full or not for this person: all answers,
  // and none of them a failure in http_req_failed either.
  const params = Object.assign(authed(pick(d.volunteers)), { responseCallback: http.expectedStatuses(201, 409, 422) });
  const r = http.post(`${BASE}/v1/missions/${pick(d.missions)}/participations`,
    JSON.stringify({ motivation: 'Disponible le mercredi.', parental_consent: true }), params);
  ok('apply', r, [201, 409, 422]);
}

export function applications_first(d) { ok('applications', get(`/v1/missions/${d.busiest}/participations?limit=20`, authed(d.owner))); }
export function applications_50th(d) {
  const cursor = d.fiftieth ? `&cursor=${d.fiftieth}` : '';
  ok('applications', get(`/v1/missions/${d.busiest}/participations?limit=20${cursor}`, authed(d.owner)));
}
export function my_participations(d) { ok('mine', get('/v1/me/participations', authed(pick(d.volunteers)))); }
export function feed_first(d) { ok('feed', get('/v1/partner/feed/participations?limit=100', { headers: { 'x-api-key': d.secret } })); }
export function feed_deep(d) {
  const cursor = d.feedDeep ? `&cursor=${d.feedDeep}` : '';
  ok('feed', get(`/v1/partner/feed/participations?limit=100${cursor}`, { headers: { 'x-api-key': d.secret } }));
}
export function statistics_public() { ok('statistics', get('/v1/statistics')); }
export function statistics_admin(d) { ok('statistics', get('/v1/admin/statistics', authed(d.owner))); }

export function handleSummary(data) {
  return summarize(`scale-${__ENV.LABEL || 'run'}`, data);
}
