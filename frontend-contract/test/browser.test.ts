// The browser rules, proven in a real Chromium (Debian's, driven by
// playwright-core): the reference page, served from an origin other than
// the API's, runs the volunteer's journey through the client; the refresh
// cookie, the token refresh, logout and CORS are checked as the browser
// enforces them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, PASSWORD, publishedMission, signupBody, startServer, uniqueEmail, type Server } from './harness.js';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The access token lives 1 s; the API accepts 5 s of clock skew on top.
const ACCESS_TTL = 1;
const EXPIRED_AFTER_MS = (ACCESS_TTL + 5 + 1.5) * 1000;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };

/** The reference page, the compiled client and openapi-fetch, on `port`. */
async function servePage(port: number): Promise<HttpServer> {
  const routes: [string, string][] = [
    ['/client/', join(PACKAGE, 'dist', 'src')],
    ['/reference/', join(PACKAGE, 'reference')],
  ];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let file: string | null = null;
    if (path === '/') file = join(PACKAGE, 'reference', 'index.html');
    else if (path === '/vendor/openapi-fetch.js') file = join(PACKAGE, 'node_modules', 'openapi-fetch', 'dist', 'index.mjs');
    else {
      for (const [prefix, dir] of routes) {
        if (path.startsWith(prefix)) {
          const candidate = normalize(join(dir, path.slice(prefix.length)));
          if (candidate.startsWith(dir)) file = candidate;
        }
      }
    }
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/**
 * A step of the page, given `ms` to answer: `page.evaluate` has no timeout
 * of its own, and a call the API never answers would otherwise hold the
 * whole file until the runner's limit, without saying which step it was.
 */
async function within<T>(what: string, step: Promise<T>, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([step, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the browser rules, in Chromium', () => {
  let api: Server;
  let pages: HttpServer[] = [];
  let browser: Browser;
  let page: Page;
  let pageOrigin = '';
  let strangerOrigin = '';
  let missionId = '';
  const email = uniqueEmail('browser');
  const refreshes: string[] = [];

  before(async () => {
    const [pagePort, strangerPort] = [await freePort(), await freePort()];
    // "localhost" on every port: one site, distinct origins.
    pageOrigin = `http://localhost:${pagePort}`;
    strangerOrigin = `http://localhost:${strangerPort}`;
    api = await startServer({ accessTokenTtl: ACCESS_TTL, corsOrigins: [pageOrigin] });
    missionId = await publishedMission(api);
    pages = [await servePage(pagePort), await servePage(strangerPort)];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
    });
    page = await browser.newPage();
    // What the page itself reports goes to the test's output.
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`page console: ${m.text()}`));
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/auth/refresh')) refreshes.push(r.method());
    });
    const apiUrl = api.baseUrl.replace('127.0.0.1', 'localhost');
    await page.goto(`${pageOrigin}/?api=${encodeURIComponent(apiUrl)}`);
    await page.waitForSelector('body[data-ready="yes"]');
  });
  after(async () => {
    await within('closing Chromium', browser?.close() ?? Promise.resolve()).catch((e) => console.error(String(e)));
    for (const p of pages) p.close();
    await api?.stop();
  });

  test('the volunteer journey runs in the page, through the client', async () => {
    assert.equal(await within('status', page.evaluate(() => (window as any).app.status())), 'normal');
    assert.equal(
      await within('signup', page.evaluate((body) => (window as any).app.signup(body), signupBody(email))),
      202,
    );
    await within('activate', page.evaluate(([e, p]) => (window as any).app.activate(e, p), [email, PASSWORD]));
    assert.equal(await within('me', page.evaluate(() => (window as any).app.me())), email);
    const hits: string[] = await within(
      'search',
      page.evaluate(() => (window as any).app.search({ text: 'repas', near: { lat: 45.75, lng: 4.85, radiusKm: 30 } })),
    );
    assert.ok(hits.includes(missionId), 'the mission is among the results');
    assert.equal(await within('apply', page.evaluate((id) => (window as any).app.apply(id), missionId)), 201);
    assert.deepEqual(
      await within('my participations', page.evaluate(() => (window as any).app.myParticipations())),
      ['pending'],
    );
    const artifacts = join(PACKAGE, 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'reference-page.png'), fullPage: true });
  });

  test('login sets the refresh cookie, and the page cannot read it', async () => {
    await page.evaluate(() => (window as any).app.signOut());
    await page.evaluate(([e, p]) => (window as any).app.signIn(e, p), [email, PASSWORD]);
    const cookies = await page.context().cookies(api.baseUrl.replace('127.0.0.1', 'localhost') + '/v1/auth/refresh');
    const refresh = cookies.find((c) => c.httpOnly && c.path === '/v1/auth');
    assert.ok(refresh, `an HttpOnly refresh cookie for /v1/auth: ${JSON.stringify(cookies)}`);
    assert.equal(refresh.sameSite, 'Strict');
    const visible: string = await page.evaluate(() => (window as any).app.documentCookie());
    assert.ok(!visible.includes(refresh.value), 'document.cookie does not show it');
    assert.ok(!visible.includes(refresh.name));
  });

  test('after the access token expires, the next call refreshes through the cookie and succeeds', async () => {
    refreshes.length = 0;
    await new Promise((r) => setTimeout(r, EXPIRED_AFTER_MS));
    // Three calls at once: one refresh, shared.
    const answers = await page.evaluate(() =>
      Promise.all([(window as any).app.me(), (window as any).app.me(), (window as any).app.myParticipations()]),
    );
    assert.deepEqual(answers, [email, email, ['pending']]);
    assert.deepEqual(refreshes, ['POST'], 'exactly one refresh');
  });

  test('a preflighted PATCH with Authorization and Idempotency-Key passes CORS from the allowed origin', async () => {
    const phone: string = await page.evaluate(() => (window as any).app.changePhone('06 11 22 33 44'));
    assert.equal(phone?.replace(/\D/g, '').slice(-9), '611223344', `the new phone: ${phone}`);
  });

  test('X-Request-Id, Retry-After and RateLimit-* are readable by the page', async () => {
    let answer: any = null;
    for (let i = 0; i < 20 && !answer?.retryAfter; i++) {
      answer = await page.evaluate((e) => (window as any).app.wrongPassword(e), email);
    }
    assert.equal(answer.status, 429);
    assert.ok(answer.retryAfter > 0, 'Retry-After read');
    assert.match(answer.requestId, /\S+/, 'X-Request-Id read');
    assert.equal(answer.rateLimit?.remaining, 0, `RateLimit-* read: ${JSON.stringify(answer.rateLimit)}`);
    assert.ok(answer.rateLimit.limit > 0 && answer.rateLimit.reset > 0);
  });

  test('logout ends the session', async () => {
    await page.evaluate(() => (window as any).app.signOut());
    const me = await page.evaluate(() => (window as any).app.me());
    assert.equal(me.status, 401);
    const again = await page.evaluate(() => (window as any).app.client.refresh().then(() => 'refreshed', (e: any) => e.code));
    assert.equal(again, 'invalid_refresh_token');
  });

  test('the same request from an origin that is not allowed is refused by the browser', async () => {
    const stranger = await browser.newPage();
    const apiUrl = api.baseUrl.replace('127.0.0.1', 'localhost');
    await stranger.goto(`${strangerOrigin}/?api=${encodeURIComponent(apiUrl)}`);
    await stranger.waitForSelector('body[data-ready="yes"]');
    const answer = await stranger.evaluate(() => (window as any).app.changePhone('06 00 00 00 00'));
    assert.match(answer.failed ?? '', /TypeError|Failed to fetch/);
    const read = await stranger.evaluate(() => (window as any).app.status());
    assert.match(String(read?.failed ?? ''), /TypeError|Failed to fetch/, 'not even a read');
    await stranger.close();
  });
});
