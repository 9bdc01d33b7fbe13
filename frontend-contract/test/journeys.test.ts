// The journeys of the SPA, each through the generated client only, against
// a renfort it starts itself (SQLite, development mailbox).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiProblem, type RenfortClient } from '../src/index.js';
import {
  admin,
  clientFor,
  missionBody,
  organizationBody,
  referentOf69,
  PASSWORD,
  signUpAndActivate,
  signupBody,
  startServer,
  uniqueEmail,
  type Server,
} from './harness.js';

/** The members' view of an organisation (its answers are `private` or `public`). */
function privateView<T extends { view: string }>(organization: T | undefined): Extract<T, { view: 'private' }> {
  assert.equal(organization?.view, 'private');
  return organization as Extract<T, { view: 'private' }>;
}

/** The ApiProblem a call is refused with. */
async function refusal(call: Promise<unknown>): Promise<ApiProblem> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof ApiProblem, `an ApiProblem, not ${e}`);
    return e;
  }
  assert.fail('the call was accepted');
}

describe('journeys through the client', () => {
  let server: Server;
  let administrator: RenfortClient;
  let referent: RenfortClient;
  let owner: RenfortClient;
  let volunteer: RenfortClient;
  let organizationId = '';
  let missionId = '';
  let participationId = '';

  before(async () => {
    server = await startServer();
    administrator = await admin(server);
    referent = await referentOf69(server, administrator);
  });
  after(() => server?.stop());

  test('organisation: register, submit, approved by its referent, a mission written, submitted, published', async () => {
    owner = clientFor(server);
    await signUpAndActivate(owner, uniqueEmail('owner'));
    const { data: organization } = await owner.api.POST('/v1/organizations', { body: organizationBody('69003', 'Lyon') });
    organizationId = organization!.id;
    assert.equal(privateView(organization).state, 'draft');

    await owner.api.POST('/v1/organizations/{id}/transitions', {
      params: { path: { id: organizationId } },
      body: { to: 'pending_review' },
    });
    const { data: approved } = await referent.api.POST('/v1/organizations/{id}/transitions', {
      params: { path: { id: organizationId } },
      body: { to: 'approved' },
    });
    assert.equal(privateView(approved).state, 'approved');

    const { data: mission } = await owner.api.POST('/v1/organizations/{id}/missions', {
      params: { path: { id: organizationId } },
      body: missionBody,
    });
    missionId = mission!.id;
    await owner.api.POST('/v1/missions/{id}/transitions', {
      params: { path: { id: missionId } },
      body: { to: 'pending_review' },
    });
    const { data: published } = await referent.api.POST('/v1/missions/{id}/transitions', {
      params: { path: { id: missionId } },
      body: { to: 'published' },
    });
    assert.equal(published!.state, 'published');
  });

  test('volunteer: signup, activation link, activate, search by place and domain, mission page, apply, my participations', async () => {
    volunteer = clientFor(server);
    const email = uniqueEmail('volunteer');
    const { response } = await volunteer.api.POST('/v1/auth/signup', { body: signupBody(email) });
    assert.equal(response.status, 202);
    await signUpAndActivate(volunteer, email); // a second signup re-sends the link: same answer
    const { data: me } = await volunteer.api.GET('/v1/me');
    assert.equal(me!.email, email);

    const { data: found } = await volunteer.api.GET('/v1/search/missions', {
      params: {
        query: { lat: 45.75, lng: 4.85, radius_km: 20, domains: 'solidarity_inclusion', facets: 'domain' },
      },
    });
    assert.ok(found!.hits.some((hit) => hit.id === missionId), 'the mission is found around Lyon');
    const { data: farAway } = await volunteer.api.GET('/v1/search/missions', {
      params: { query: { lat: 48.85, lng: 2.35, radius_km: 20, domains: 'solidarity_inclusion' } },
    });
    assert.ok(!farAway!.hits.some((hit) => hit.id === missionId), 'and not around Paris');

    const { data: page } = await volunteer.api.GET('/v1/missions/{id}', { params: { path: { id: missionId } } });
    assert.equal(page!.title, missionBody.title);

    const { data: applied, response: created } = await volunteer.api.POST('/v1/missions/{id}/participations', {
      params: { path: { id: missionId } },
      body: { motivation: 'Disponible le mercredi soir.' },
    });
    assert.equal(created.status, 201);
    participationId = applied!.id;

    const { data: mine } = await volunteer.api.GET('/v1/me/participations');
    const mineHere = mine!.items.find((p) => p.id === participationId);
    assert.equal(mineHere?.state, 'pending');
    assert.ok(mineHere!.allowed_transitions.includes('cancelled'));
  });

  test('organisation: sees the application and accepts it', async () => {
    const { data: applications } = await owner.api.GET('/v1/missions/{id}/participations', {
      params: { path: { id: missionId } },
    });
    assert.deepEqual(applications!.items.map((p) => p.id), [participationId]);
    const { data: accepted } = await owner.api.POST('/v1/participations/{id}/transitions', {
      params: { path: { id: participationId } },
      body: { to: 'accepted' },
    });
    assert.equal(accepted!.state, 'accepted');
  });

  test('organisation offers dated shifts; a volunteer chooses one; shifts change and cancel', async () => {
    const { data: mission } = await owner.api.POST('/v1/organizations/{id}/missions', {
      params: { path: { id: organizationId } },
      body: missionBody,
    });
    const id = mission!.id;
    await owner.api.POST('/v1/missions/{id}/transitions', { params: { path: { id } }, body: { to: 'pending_review' } });
    await referent.api.POST('/v1/missions/{id}/transitions', { params: { path: { id } }, body: { to: 'published' } });
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const { data: shifts, response } = await owner.api.POST('/v1/missions/{id}/shifts', {
      params: { path: { id } },
      body: {
        day: inDays(10),
        start_time: '09:00',
        end_time: '12:00',
        capacity: 1,
        repeat: { every: 'week', until: inDays(17) },
      },
    });
    assert.equal(response.status, 201);
    assert.equal(shifts!.length, 2);

    const { data: page } = await volunteer.api.GET('/v1/missions/{id}', { params: { path: { id } } });
    assert.equal(page!.has_shifts, true);
    assert.deepEqual(page!.shifts.map((s) => s.id), shifts!.map((s) => s.id));
    assert.equal(page!.places_left, 2);

    const { data: applied } = await volunteer.api.POST('/v1/missions/{id}/participations', {
      params: { path: { id } },
      body: { motivation: 'Disponible ce samedi.', shift_ids: [shifts![0].id] },
    });
    assert.deepEqual(applied!.shifts.map((s) => s.id), [shifts![0].id]);

    const participation = applied!.id;
    const { data: both } = await volunteer.api.POST('/v1/participations/{id}/shifts', {
      params: { path: { id: participation } },
      body: { shift_ids: [shifts![1].id] },
    });
    assert.equal(both!.length, 2);
    const { data: one } = await volunteer.api.DELETE('/v1/participations/{id}/shifts/{shift_id}', {
      params: { path: { id: participation, shift_id: shifts![1].id } },
    });
    assert.deepEqual(one!.map((s) => s.id), [shifts![0].id]);

    const { data: widened } = await owner.api.PATCH('/v1/missions/{id}/shifts/{shift_id}', {
      params: { path: { id, shift_id: shifts![0].id } },
      body: { capacity: 3 },
    });
    assert.equal(widened!.places_left, 2);
    const { response: cancelled } = await owner.api.POST('/v1/missions/{id}/shifts/{shift_id}/cancellation', {
      params: { path: { id, shift_id: shifts![1].id } },
      body: { reason: 'Salle prise' },
    });
    assert.equal(cancelled.status, 204);
    const { data: left } = await volunteer.api.GET('/v1/missions/{id}/shifts', { params: { path: { id } } });
    assert.deepEqual(left!.map((s) => s.id), [shifts![0].id]);
    const last = await refusal(
      owner.api.POST('/v1/missions/{id}/shifts/{shift_id}/cancellation', {
        params: { path: { id, shift_id: shifts![0].id } },
        body: {},
      }),
    );
    assert.equal(last.code, 'last_shift');
  });

  test('volunteer and organisation: a conversation, with what is unread', async () => {
    const { data: sent, response } = await volunteer.api.POST('/v1/participations/{id}/messages', {
      params: { path: { id: participationId } },
      body: { body: 'Bonjour, faut-il apporter quelque chose ?' },
    });
    assert.equal(response.status, 201);
    assert.equal(sent!.side, 'volunteer');
    const { data: waiting } = await owner.api.GET('/v1/me/messages/unread');
    assert.equal(waiting!.total, 1);
    assert.equal(waiting!.threads[0].participation_id, participationId);
    const { data: thread } = await owner.api.GET('/v1/participations/{id}/messages', {
      params: { path: { id: participationId } },
    });
    assert.equal(thread!.items[0].body, 'Bonjour, faut-il apporter quelque chose ?');
    assert.equal(thread!.can_write, true);
    const { data: read } = await owner.api.GET('/v1/me/messages/unread');
    assert.equal(read!.total, 0);
  });

  test('registrant and public: an RNA number looked up, missions found by accessibility, statistics read', async () => {
    const anonymous = clientFor(server);
    const { data: unknown } = await anonymous.api.GET('/v1/organizations/lookup', {
      params: { query: { rna: 'W999999999' } },
    });
    assert.equal(unknown!.exists, false);
    const { data: found } = await anonymous.api.GET('/v1/search/missions', {
      params: { query: { accessibility: 'open_to_minors', facets: 'accessibility' } },
    });
    assert.ok(found!.hits.some((hit) => hit.id === missionId), 'open from 16, so open to minors');
    assert.ok((found!.facets.accessibility?.open_to_minors ?? 0) >= 1);
    const { data: statistics, response } = await anonymous.api.GET('/v1/statistics');
    assert.equal(response.status, 200);
    assert.equal(statistics!.weekly.length, 52);
    const { data: mine } = await owner.api.GET('/v1/organizations/{id}/statistics', {
      params: { path: { id: organizationId } },
    });
    assert.ok(Array.isArray(mine!.missions));
  });

  test('volunteer: cancels the participation', async () => {
    const { data: cancelled } = await volunteer.api.POST('/v1/participations/{id}/transitions', {
      params: { path: { id: participationId } },
      body: { to: 'cancelled', reason: 'Un empêchement.' },
    });
    assert.equal(cancelled!.state, 'cancelled');
  });

  test('referent: the moderation queues show only their departments', async () => {
    const inLyon = clientFor(server);
    await signUpAndActivate(inLyon, uniqueEmail('owner-lyon'));
    const inParis = clientFor(server);
    await signUpAndActivate(inParis, uniqueEmail('owner-paris'));
    const submitted: string[] = [];
    for (const [client, postcode, city] of [[inLyon, '69007', 'Lyon'], [inParis, '75011', 'Paris']] as const) {
      const { data } = await client.api.POST('/v1/organizations', { body: organizationBody(postcode, city) });
      await client.api.POST('/v1/organizations/{id}/transitions', {
        params: { path: { id: data!.id } },
        body: { to: 'pending_review' },
      });
      submitted.push(data!.id);
    }
    const { data: queue } = await referent.api.GET('/v1/moderation/organizations');
    const ids = queue!.items.map((o) => o.id);
    assert.ok(ids.includes(submitted[0]), 'the Rhône organisation is in the queue');
    assert.ok(!ids.includes(submitted[1]), 'the Paris one is not');
    assert.ok(queue!.items.every((o) => o.address.postcode.startsWith('69')));
  });

  test('referent: a flag with a reason reaches the organisation’s history', async () => {
    await referent.api.POST('/v1/organizations/{id}/transitions', {
      params: { path: { id: organizationId } },
      body: { to: 'flagged', reason: 'Signalement : annonce trompeuse.' },
    });
    const { data: history } = await owner.api.GET('/v1/organizations/{id}/history', {
      params: { path: { id: organizationId } },
    });
    const flag = history!.items.find((h) => h.to === 'flagged');
    assert.equal(flag?.reason, 'Signalement : annonce trompeuse.');
    assert.equal(flag?.actor_role, 'referent');
  });

  test('errors: a validation error maps to form fields', async () => {
    const anonymous = clientFor(server);
    const problem = await refusal(
      anonymous.api.POST('/v1/auth/signup', {
        // Wrong values the types cannot see: the server names each field.
        body: { ...signupBody('not-an-address'), postcode: '00000', first_name: '   ' },
      }),
    );
    assert.equal(problem.status, 422);
    assert.equal(problem.code, 'validation_failed');
    const fields = problem.fieldErrors();
    assert.ok(fields.email?.length, `email named: ${JSON.stringify(fields)}`);
    assert.ok(fields.postcode?.length, 'postcode named');
    assert.ok(fields.first_name?.length, 'first_name named');
  });

  test('errors: a refused transition carries the moves that are allowed', async () => {
    const problem = await refusal(
      volunteer.api.POST('/v1/participations/{id}/transitions', {
        params: { path: { id: participationId } },
        body: { to: 'accepted' },
      }),
    );
    assert.equal(problem.status, 409);
    assert.equal(problem.code, 'invalid_transition');
    assert.equal(problem.extension('current_state'), 'cancelled');
    assert.deepEqual(problem.allowedTransitions, []);

    const publishedAgain = await refusal(
      owner.api.POST('/v1/missions/{id}/transitions', {
        params: { path: { id: missionId } },
        body: { to: 'draft' },
      }),
    );
    assert.equal(publishedAgain.code, 'invalid_transition');
    assert.ok(publishedAgain.allowedTransitions.length > 0);
    assert.ok(!publishedAgain.allowedTransitions.includes('draft'));
  });

  test('errors: someone else’s object is a 404, nothing more', async () => {
    const stranger = clientFor(server);
    await signUpAndActivate(stranger, uniqueEmail('stranger'));
    const problem = await refusal(
      stranger.api.GET('/v1/participations/{id}', { params: { path: { id: participationId } } }),
    );
    assert.equal(problem.status, 404);
    assert.equal(problem.code, 'not_found');
    assert.ok(problem.requestId, 'the request id to quote');
    const theirs = await refusal(
      stranger.api.GET('/v1/organizations/{id}/history', { params: { path: { id: organizationId } } }),
    );
    assert.equal(theirs.status, 404);
  });

  test('errors: a 429 says when to come back', async () => {
    const anonymous = clientFor(server);
    const email = uniqueEmail('guessed');
    let problem: ApiProblem | null = null;
    for (let i = 0; i < 20 && !problem?.retryAfter; i++) {
      problem = await refusal(anonymous.api.POST('/v1/auth/login', { body: { email, password: `${PASSWORD}-${i}` } }));
    }
    assert.equal(problem!.status, 429);
    assert.equal(problem!.code, 'rate_limited');
    assert.ok(problem!.retryAfter! > 0);
  });
});
