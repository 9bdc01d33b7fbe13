// Applications per second: seeded volunteers apply to many missions, or
// all to one (MISSION) to test the last places under contention.
//   k6 run -e SEED_RUN=<run> -e VOLUNTEERS=300 [-e MISSION=<id>] k6/apply_rate.js
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { post, get, authed, summarize } from './lib.js';

const created = new Counter('applications_created');
const refused = new Counter('applications_refused');
const full = new Counter('applications_full');
const overloaded = new Counter('applications_overloaded');
// The applications' own times: the setup's logins are not in them.
const applyMs = new Trend('apply_ms', true);

export const options = {
  setupTimeout: '120s',
  scenarios: {
    apply: {
      executor: __ENV.MISSION ? 'per-vu-iterations' : 'constant-vus',
      vus: Number(__ENV.VUS || 32),
      ...(__ENV.MISSION ? { iterations: Math.ceil(Number(__ENV.VOLUNTEERS || 300) / Number(__ENV.VUS || 32)) } : { duration: __ENV.DURATION || '10s' }),
    },
  },
  summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max'],
  thresholds: { http_req_failed: ['rate<0.001'], checks: ['rate>0.999'] },
};

export function setup() {
  const tokens = [];
  for (let n = 0; n < Number(__ENV.VOLUNTEERS || 300); n++) {
    const r = post('/v1/auth/login', { email: `seed-${__ENV.SEED_RUN}-v${n}@example.org`, password: 'renfort seed password' });
    if (r.status === 200) tokens.push(r.json('access_token'));
  }
  const ids = [];
  for (const domain of ['health', 'education', 'environment', 'solidarity_inclusion', 'sport', 'culture_leisure']) {
    for (const m of get(`/v1/missions?domain=${domain}&limit=100`).json('items') || []) {
      if (m.registration_open && m.places_left > 0) ids.push(m.id);
    }
  }
  return { tokens, ids };
}

let next = 0;

export default function (data) {
  // Each VU takes volunteers in turn so that one volunteer applies once
  // per mission at most (already_applied is counted as a refusal).
  const index = (__VU - 1) + next * Number(__ENV.VUS || 32);
  next += 1;
  const token = data.tokens[index % data.tokens.length];
  const mission = __ENV.MISSION || data.ids[Math.floor(Math.random() * data.ids.length)];
  const r = post(`/v1/missions/${mission}/participations`, { motivation: 'Disponible le mercredi.' }, authed(token));
  applyMs.add(r.timings.duration);
  if (r.status === 201) created.add(1);
  else refused.add(1);
  if (r.status === 409 && r.json('code') === 'mission_full') full.add(1);
  if (r.status === 503) overloaded.add(1);
  check(r, {
    'applied, or refused with a reason': (x) =>
      x.status === 201 || (x.status === 409 && ['mission_full', 'already_applied', 'registration_closed'].includes(x.json('code'))) ||
      (x.status === 422 && ['too_young', 'validation_failed'].includes(x.json('code'))),
  });
}

export function handleSummary(data) {
  return summarize(__ENV.SUMMARY || 'apply_rate', data);
}
