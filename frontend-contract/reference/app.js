// The reference page's behaviour: each step of the volunteer's journey
// through the typed client, shown on the page and exposed as `window.app`
// for the browser test to drive.
import { ApiProblem, createRenfortClient, searchQuery, serviceStatus } from '/client/index.js';

const api = new URLSearchParams(location.search).get('api');
const $ = (id) => document.getElementById(id);
const log = (text, problem = false) => {
  const li = document.createElement('li');
  li.textContent = text;
  if (problem) li.className = 'problem';
  $('log').append(li);
};
const list = (id, lines) => $(id).replaceChildren(...lines.map((line) => {
  const li = document.createElement('li');
  li.textContent = line;
  return li;
}));

const client = createRenfortClient({
  baseUrl: api,
  onAccessToken: (token) => { $('session').textContent = token ? 'connecté' : 'déconnecté'; },
});

// Every step logs itself; a refusal logs its code and is returned as data.
const step = (name, run) => async (...args) => {
  try {
    const result = await run(...args);
    log(`${name} : ok`);
    return result;
  } catch (e) {
    if (!(e instanceof ApiProblem)) {
      log(`${name} : ${e}`, true);
      return { failed: String(e) };
    }
    log(`${name} : ${e.code}`, true);
    return { status: e.status, code: e.code, retryAfter: e.retryAfter, requestId: e.requestId, rateLimit: e.rateLimit };
  }
};

window.app = {
  client,
  status: step('statut', async () => {
    const status = await serviceStatus(client);
    $('mode').textContent = status.mode;
    return status.mode;
  }),
  signup: step('inscription', async (body) => {
    const { response } = await client.api.POST('/v1/auth/signup', { body });
    return response.status;
  }),
  activate: step('activation', async (email, password) => {
    // The development mailbox stands in for the volunteer's inbox.
    const { data } = await client.api.GET('/v1/dev/mailbox', { params: { query: { to: email } } });
    const link = data.items.find((e) => e.template === 'activation').links.find((l) => l.includes('token='));
    const token = new URL(link).searchParams.get('token');
    const { data: session } = await client.api.POST('/v1/auth/activate', { body: { token, password } });
    client.setAccessToken(session.access_token);
  }),
  signIn: step('connexion', (email, password) => client.signIn(email, password)),
  signOut: step('déconnexion', () => client.signOut()),
  me: step('mon compte', async () => (await client.api.GET('/v1/me')).data.email),
  search: step('recherche', async (filters) => {
    const { data } = await client.api.GET('/v1/search/missions', { params: { query: searchQuery(filters) } });
    list('results', data.hits.map((hit) => `${hit.title} — ${hit.organization_name}${hit.city ? ` (${hit.city})` : ''}`));
    return data.hits.map((hit) => hit.id);
  }),
  apply: step('candidature', async (missionId) => {
    const { response } = await client.api.POST('/v1/missions/{id}/participations', {
      params: { path: { id: missionId } },
      body: { motivation: 'Disponible le mercredi soir.' },
    });
    return response.status;
  }),
  myParticipations: step('mes participations', async () => {
    const { data } = await client.api.GET('/v1/me/participations');
    list('participations', data.items.map((p) => `${p.mission.title} : ${p.state}`));
    return data.items.map((p) => p.state);
  }),
  changePhone: step('téléphone', async (phone) => {
    // A PATCH with Authorization and an Idempotency-Key: a preflighted
    // request, which CORS must let through from this origin.
    const { data } = await client.api.PATCH('/v1/me', {
      body: { phone },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    return data.profile.phone;
  }),
  wrongPassword: step('mauvais mot de passe', (email) => client.signIn(email, 'not the password at all')),
  documentCookie: () => document.cookie,
};
document.body.dataset.ready = 'yes';
