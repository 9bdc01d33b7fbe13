// Starts the renfort binary for the contract tests: on SQLite in a fresh
// directory, on a free loopback port, with the development mailbox on;
// and stops it at the end. Everything else goes through the client.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRenfortClient, signupChallenge, type components, type RenfortClient } from '../src/index.js';

type Schemas = components['schemas'];

export const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
export const SERVER_BUILD = ['test', '--locked', '--no-run', '-q', '--test', 'api'];
export const PASSWORD = 'correct horse battery staple 42';

/**
 * The binary, built (or found up to date) by cargo as the integration
 * suite builds it: `cargo build` alone resolves the dependencies' features
 * without the test-only ones and would compile them all a second time
 * (minutes on two cores). `npm test` builds it before any file starts.
 */
function binary(): string {
  execFileSync('cargo', SERVER_BUILD, { cwd: REPOSITORY, stdio: 'inherit' });
  return join(REPOSITORY, 'target', 'debug', 'renfort');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Server {
  baseUrl: string;
  /** `renfort <args>` against the same database. */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

export interface ServerSettings {
  accessTokenTtl?: number;
  corsOrigins?: string[];
  /** The signup challenge: `off` (the development default here) or `always`. */
  challenge?: 'off' | 'always';
}

export async function startServer(settings: ServerSettings = {}): Promise<Server> {
  const exe = binary();
  const dir = mkdtempSync(join(tmpdir(), 'renfort-contract-'));
  const port = await freePort();
  const env = {
    ...process.env,
    RENFORT_DATABASE__URL: `sqlite://${join(dir, 'renfort.db')}`,
    RENFORT_HTTP__HOST: '127.0.0.1',
    RENFORT_HTTP__PORT: String(port),
    RENFORT_HTTP__CORS_ORIGINS: JSON.stringify(settings.corsOrigins ?? ['http://localhost:5173']),
    RENFORT_METRICS__PORT: '0',
    RENFORT_AUTH__DEV_MAILBOX: 'true',
    RENFORT_AUTH__APP_BASE_URL: 'http://localhost:5173',
    RENFORT_AUTH__ACCESS_TOKEN_TTL_SECS: String(settings.accessTokenTtl ?? 900),
    RENFORT_LOG__FILTER: 'warn',
    RENFORT_CHALLENGE__POLICY: settings.challenge ?? 'off',
    // Not shed for lack of CPU while Chromium shares the machine: these
    // tests hold the contract, the benchmark holds the shedding.
    RENFORT_ADMISSION__CPU_TARGET_MS: '0',
    // Light enough for tests that sign many people up.
    RENFORT_CHALLENGE__PROOF_OF_WORK: '{difficulty=8,ttl_secs=300}',
  } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.BREVO_API_KEY;
  delete env.RENFORT_CONFIG;
  const child: ChildProcess = spawn(exe, ['serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`renfort exited with ${child.exitCode}`);
    const ready = await fetch(`${baseUrl}/health/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('renfort did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    cli: (...args) => execFileSync(exe, args, { env, encoding: 'utf8' }),
    stop: async () => {
      child.kill('SIGTERM');
      const exited = new Promise((r) => (child.exitCode !== null ? r(true) : child.once('exit', () => r(true))));
      // A graceful stop takes at most the shutdown timeout (20 s); past
      // that, it is said and the process killed, not waited for forever.
      const late = new Promise((r) => setTimeout(() => r(false), 30_000).unref());
      if (!(await Promise.race([exited, late]))) {
        console.error('renfort did not stop within 30 s of SIGTERM: killed');
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fetch with a cookie jar, as a browser would keep the refresh cookie
 * for the API's origin (Node's fetch keeps none).
 */
export function cookieFetch(): typeof fetch {
  const jar = new Map<string, string>();
  return async (input, init) => {
    const request = new Request(input, init);
    if (jar.size) {
      request.headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value.trim());
    }
    return response;
  };
}

let counter = 0;
export function uniqueEmail(who: string): string {
  counter += 1;
  return `${who}-${process.pid}-${Date.now().toString(36)}-${counter}@example.org`;
}

/** A client of its own (its own cookie jar), as one person's browser. */
export function clientFor(server: Server): RenfortClient {
  return createRenfortClient({ baseUrl: server.baseUrl, fetch: cookieFetch() });
}

/** The token of the newest `template` email to `to`, from the development mailbox. */
export async function tokenFromMailbox(client: RenfortClient, to: string, template: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { data } = await client.api.GET('/v1/dev/mailbox', { params: { query: { to } } });
    const email = data!.items.find((e) => e.template === template);
    const link = email?.links.find((l) => l.includes('token='));
    if (link) return new URL(link).searchParams.get('token')!;
    if (Date.now() > deadline) throw new Error(`no ${template} email to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const signupBody = (email: string): Schemas['SignupRequest'] => ({
  email,
  first_name: 'Léa',
  last_name: 'Martin',
  birth_date: yearsAgo(28),
  postcode: '69003',
  phone: '06 12 34 56 78',
  skills: ['first_aid', 'listening'],
  domains: ['health'],
  terms_accepted: true,
  terms_version: '2026-01',
});

/**
 * Signs up (solving the challenge when one is required, as the SPA does)
 * and activates through the client; the client keeps the session.
 */
export async function signUpAndActivate(client: RenfortClient, email: string): Promise<void> {
  await client.api.POST('/v1/auth/signup', { body: signupBody(email), headers: await signupChallenge(client) });
  const token = await tokenFromMailbox(client, email, 'activation');
  const { data } = await client.api.POST('/v1/auth/activate', { body: { token, password: PASSWORD } });
  client.setAccessToken(data!.access_token);
}

/** An administrator made by `renfort admin create`, signed in. */
export async function admin(server: Server): Promise<RenfortClient> {
  const client = clientFor(server);
  const email = uniqueEmail('admin');
  server.cli('admin', 'create', '--email', email);
  const token = await tokenFromMailbox(client, email, 'activation');
  const { data } = await client.api.POST('/v1/auth/activate', { body: { token, password: PASSWORD } });
  client.setAccessToken(data!.access_token);
  return client;
}

let rna = 0;
export const organizationBody = (postcode: string, city: string): Schemas['OrganizationInput'] => ({
  name: `Banque alimentaire de ${city}`,
  rna: `W69${String(++rna).padStart(7, '0')}`,
  kind: 'association',
  description: 'Collecte et redistribution de denrées alimentaires aux familles.',
  address: { line: '1 rue de la Paix', postcode, city, latitude: 45.76, longitude: 4.83 },
  contact_email: 'contact@ba.example.org',
  domains: ['solidarity_inclusion'],
});

/** The day `n` days from today, as YYYY-MM-DD: the journeys date what they
 * create from the day they run, never from a calendar. */
export function daysFromToday(n: number): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + n);
  return day.toISOString().slice(0, 10);
}

/** A birth date `years` years ago, a day to spare. */
export function yearsAgo(years: number): string {
  return daysFromToday(-(365 * years + Math.floor(years / 4) + 1));
}

export const missionBody: Schemas['MissionInput'] = {
  title: 'Distribution de repas',
  description: 'Aider à préparer et distribuer des repas chauds aux personnes sans abri, le mercredi soir.',
  domain: 'solidarity_inclusion',
  skills: ['food_distribution'],
  audience: ['people_in_precarity'],
  format: 'on_site',
  addresses: [{ postcode: '69002', city: 'Lyon', latitude: 45.76, longitude: 4.83 }],
  start_date: daysFromToday(40),
  end_date: daysFromToday(115),
  commitment: { kind: 'per_week', hours: 3 },
  capacity: 10,
};

/**
 * A referent of the Rhône (69), named by an administrator; signed in with
 * the role in its access token.
 */
export async function referentOf69(server: Server, administrator: RenfortClient): Promise<RenfortClient> {
  const referent = clientFor(server);
  const email = uniqueEmail('referent');
  await signUpAndActivate(referent, email);
  const { data: account } = await administrator.api.GET('/v1/admin/accounts', { params: { query: { email } } });
  await administrator.api.POST('/v1/admin/accounts/{id}/roles', {
    params: { path: { id: account!.id } },
    body: { grant_referent: ['69'] },
  });
  await referent.refresh();
  return referent;
}

/** An approved organisation in Lyon with a published mission; the mission's id. */
export async function publishedMission(server: Server): Promise<string> {
  const referent = await referentOf69(server, await admin(server));
  const owner = clientFor(server);
  await signUpAndActivate(owner, uniqueEmail('owner'));
  const { data: organization } = await owner.api.POST('/v1/organizations', { body: organizationBody('69003', 'Lyon') });
  const org = { params: { path: { id: organization!.id } } };
  await owner.api.POST('/v1/organizations/{id}/transitions', { ...org, body: { to: 'pending_review' } });
  await referent.api.POST('/v1/organizations/{id}/transitions', { ...org, body: { to: 'approved' } });
  const { data: mission } = await owner.api.POST('/v1/organizations/{id}/missions', { ...org, body: missionBody });
  const path = { params: { path: { id: mission!.id } } };
  await owner.api.POST('/v1/missions/{id}/transitions', { ...path, body: { to: 'pending_review' } });
  await referent.api.POST('/v1/missions/{id}/transitions', { ...path, body: { to: 'published' } });
  return mission!.id;
}
