// What the client adds to openapi-fetch, each shown against the real API:
// the key reused when a create is sent again, the shared refresh, and the
// helpers' output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiProblem, createRenfortClient, pages, searchQuery, solveProofOfWork } from '../src/index.js';
import {
  clientFor,
  cookieFetch,
  PASSWORD,
  publishedMission,
  signUpAndActivate,
  signupBody,
  startServer,
  uniqueEmail,
  type Server,
} from './harness.js';

describe('the client', () => {
  let server: Server;
  let missionId = '';

  before(async () => {
    server = await startServer({ accessTokenTtl: 1, challenge: 'always' });
    missionId = await publishedMission(server);
  });
  after(() => server?.stop());

  test('a create whose answer is lost is sent again with the same Idempotency-Key, and counted once', async () => {
    const jar = cookieFetch();
    const keys: string[] = [];
    let dropped = false;
    // The network loses the answer of the first application, after the
    // server has written it.
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await jar(request);
      if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/participations')) {
        keys.push(request.headers.get('idempotency-key') ?? '');
        if (!dropped) {
          dropped = true;
          throw new TypeError('fetch failed: connection reset');
        }
      }
      return response;
    };
    const volunteer = createRenfortClient({ baseUrl: server.baseUrl, fetch: flaky });
    await signUpAndActivate(volunteer, uniqueEmail('flaky'));
    const { data, response } = await volunteer.api.POST('/v1/missions/{id}/participations', {
      params: { path: { id: missionId } },
      body: { motivation: 'Disponible.' },
    });
    assert.equal(response.status, 201, 'the replayed answer of the first write');
    assert.equal(keys.length, 2);
    assert.match(keys[0], /^[0-9a-f-]{36}$/);
    assert.equal(keys[0], keys[1], 'the same key both times');
    const { data: mine } = await volunteer.api.GET('/v1/me/participations');
    assert.deepEqual(mine!.items.map((p) => p.id), [data!.id], 'one application, not two');
  });

  test('concurrent calls with an expired token share one refresh', async () => {
    const jar = cookieFetch();
    let refreshes = 0;
    const counting: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === '/v1/auth/refresh') refreshes += 1;
      return jar(request);
    };
    const client = createRenfortClient({ baseUrl: server.baseUrl, fetch: counting });
    const email = uniqueEmail('tabs');
    await signUpAndActivate(client, email);
    const before = client.accessToken;
    await new Promise((r) => setTimeout(r, 7_500)); // 1 s of life, 5 s of skew allowed
    const answers = await Promise.all([
      client.api.GET('/v1/me'),
      client.api.GET('/v1/me/participations'),
      client.api.GET('/v1/me/organizations'),
    ]);
    assert.equal(answers[0].data!.email, email);
    assert.equal(refreshes, 1);
    assert.notEqual(client.accessToken, before);
  });

  test('an expired call answered after the shared refresh ended takes the new token, with no second refresh', async () => {
    const jar = cookieFetch();
    let refreshes = 0;
    let refreshed!: () => void;
    const refreshDone = new Promise<void>((r) => (refreshed = r));
    const slow: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      const answer = await jar(request);
      if (path === '/v1/auth/refresh') {
        refreshes += 1;
        refreshed();
      } else if (path === '/v1/me/organizations' && answer.status === 401) {
        // This call's 401 comes back once the refresh is over.
        await refreshDone;
        await new Promise((r) => setTimeout(r, 50));
      }
      return answer;
    };
    const client = createRenfortClient({ baseUrl: server.baseUrl, fetch: slow });
    const email = uniqueEmail('late');
    await signUpAndActivate(client, email);
    await new Promise((r) => setTimeout(r, 7_500)); // 1 s of life, 5 s of skew allowed
    const answers = await Promise.all([client.api.GET('/v1/me'), client.api.GET('/v1/me/organizations')]);
    assert.equal(answers[0].data!.email, email);
    assert.ok(answers[1].data, 'the late call succeeds');
    assert.equal(refreshes, 1);
  });

  test('a refresh that fails ends the session and says why', async () => {
    const client = clientFor(server);
    await signUpAndActivate(client, uniqueEmail('ended'));
    await client.signOut();
    assert.equal(client.accessToken, null);
    await assert.rejects(client.refresh(), (e: unknown) => e instanceof ApiProblem && e.code === 'invalid_refresh_token');
    await assert.rejects(client.signIn(uniqueEmail('nobody'), PASSWORD), (e: unknown) =>
      e instanceof ApiProblem && e.status === 401 && e.code === 'invalid_credentials');
  });

  test('pages follows next_cursor to the end', async () => {
    const client = clientFor(server);
    const seen: string[] = [];
    for await (const mission of pages((cursor) =>
      client.api.GET('/v1/missions', { params: { query: { limit: 1, cursor } } }).then((r) => r.data!))) {
      seen.push(mission.id);
    }
    assert.ok(seen.includes(missionId));
    assert.equal(new Set(seen).size, seen.length, 'no mission twice');
  });

  test('searchQuery writes the filters as the API reads them', () => {
    assert.deepEqual(
      searchQuery({
        text: '  repas ',
        domains: ['health', 'health', 'sport'],
        formats: ['on_site'],
        near: { lat: 45.76, lng: 4.83, radiusKm: 20 },
        facets: ['domain', 'skills'],
        withPlacesLeft: true,
        page: 2,
      }),
      {
        q: 'repas', domains: 'health,sport', formats: 'on_site', has_places: true,
        lat: 45.76, lng: 4.83, radius_km: 20, facets: 'domain,skills', page: 2,
      },
    );
    assert.deepEqual(searchQuery({ text: ' ', domains: [] }), {});
  });

  test('a signup under the challenge: refused without it, accepted with the solved proof of work', async () => {
    // Every signup of this suite solved it already (the harness signs up
    // as the SPA does); here, the refusal and the solution, shown apart.
    const client = clientFor(server);
    const email = uniqueEmail('challenged');
    const missing = await client.api.POST('/v1/auth/signup', { body: signupBody(email) }).catch((e) => e);
    assert.ok(missing instanceof ApiProblem && missing.code === 'challenge_required', String(missing));
    const { data: issued } = await client.api.GET('/v1/challenge');
    const solution = await solveProofOfWork(issued!.challenge, issued!.difficulty);
    const { response } = await client.api.POST('/v1/auth/signup', {
      body: signupBody(email),
      headers: { 'Renfort-Challenge': solution },
    });
    assert.equal(response.status, 202);
    const replayed = await client.api
      .POST('/v1/auth/signup', { body: signupBody(uniqueEmail('replay')), headers: { 'Renfort-Challenge': solution } })
      .catch((e) => e);
    assert.ok(replayed instanceof ApiProblem && replayed.code === 'challenge_failed', 'a solution is spent once');
  });
});
