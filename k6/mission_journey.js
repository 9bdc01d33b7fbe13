// The 2020 "déposer une mission" journey: an organisation member logs in,
// creates a mission, submits it; a referent publishes it.
// Needs seeded organisations (renfort seed prints their owners' addresses)
// and either a referent of every department, or an admin who makes one
// (the server must then run with auth.dev_mailbox on):
//   k6 run -e SEED_RUN=<run> -e OWNERS=200 -e REFERENT_EMAIL=… -e REFERENT_PASSWORD=… k6/mission_journey.js
//   k6 run -e SEED_RUN=<run> -e OWNERS=200 -e ADMIN_EMAIL=… -e ADMIN_PASSWORD=… k6/mission_journey.js
import { check } from 'k6';
import { post, get, authed, login, missionBody, summarize, uniqueEmail, signupBody, tokenFromMailbox, PASSWORD } from './lib.js';

const SEED_PASSWORD = 'renfort seed password';

export const options = {
  summaryTrendStats: ['avg', 'med', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    organisations: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 5),
      timeUnit: '1s',
      duration: __ENV.DURATION || '30s',
      preAllocatedVUs: 20,
      maxVUs: 100,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    'http_req_duration{step:create}': ['p(95)<150', 'p(99)<300'],
    'http_req_duration{step:submit}': ['p(95)<150', 'p(99)<300'],
    'http_req_duration{step:publish}': ['p(95)<150', 'p(99)<300'],
    checks: ['rate>0.999'],
  },
};

/// A referent of every department, made by the admin through the API.
function makeReferent() {
  const admin = login(__ENV.ADMIN_EMAIL, __ENV.ADMIN_PASSWORD);
  if (!admin) throw new Error('the admin cannot sign in');
  const email = uniqueEmail('referent');
  post('/v1/auth/signup', signupBody(email));
  const activated = post('/v1/auth/activate', { token: tokenFromMailbox(email, 'activation'), password: PASSWORD, refresh_token_in_body: true });
  const me = get('/v1/me', authed(activated.json('access_token')));
  const departments = get('/v1/departments').json('items').map((d) => d.code);
  const granted = post(`/v1/admin/accounts/${me.json('id')}/roles`, { grant_referent: departments }, authed(admin));
  check(granted, { 'referent of every department': (r) => r.status === 200 && r.json('referent_departments').length === 101 });
  return login(email, PASSWORD);
}

export function setup() {
  const referent = __ENV.REFERENT_EMAIL ? login(__ENV.REFERENT_EMAIL, __ENV.REFERENT_PASSWORD) : makeReferent();
  if (!referent) throw new Error('no referent to publish missions');
  return { referent };
}

export default function (data) {
  const n = Math.floor(Math.random() * Number(__ENV.OWNERS || 1));
  const owner = login(`seed-${__ENV.SEED_RUN}-o${n}@example.org`, SEED_PASSWORD);
  if (!owner) return;
  const mine = get('/v1/me/organizations', authed(owner));
  check(mine, { 'an organisation to publish for': (r) => r.status === 200 && r.json('items').length > 0 });
  const org = mine.json('items')[0].id;
  const created = post(`/v1/organizations/${org}/missions`, missionBody(), Object.assign({ tags: { step: 'create' } }, authed(owner)));
  check(created, { 'draft created': (r) => r.status === 201 && r.json('state') === 'draft' });
  if (created.status !== 201) return;
  const id = created.json('id');
  const submitted = post(`/v1/missions/${id}/transitions`, { to: 'pending_review' }, Object.assign({ tags: { step: 'submit' } }, authed(owner)));
  check(submitted, { submitted: (r) => r.status === 200 && r.json('state') === 'pending_review' });
  const published = post(`/v1/missions/${id}/transitions`, { to: 'published' }, Object.assign({ tags: { step: 'publish' } }, authed(data.referent)));
  check(published, { published: (r) => r.status === 200 && r.json('state') === 'published' });
}

export function handleSummary(data) {
  return summarize('mission_journey', data);
}
