// The widget as a town hall's site shows it: a page on another origin
// frames `/widgets/{id}` and calls the widget's public API itself; in
// Debian's Chromium (playwright-core) the cards render, link to the
// platform with the widget's tags, are reached by keyboard, and a
// screenshot is kept (artifacts/widget.png).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { admin, freePort, publishedMission, startServer, type Server } from './harness.js';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The town hall's page: the widget's iframe, and a script of its own
 * reading the widget's missions from the API (CORS `*`). */
function hostPage(api: string, widget: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Mairie d'exemple</title></head>
<body>
<h1>Mairie d'exemple : s'engager près de chez soi</h1>
<iframe id="widget" src="${api}/widgets/${widget}" title="Missions de bénévolat" style="width:100%;height:560px;border:0"></iframe>
<p id="count"></p>
<script>
fetch('${api}/v1/widgets/${widget}/missions')
  .then((r) => r.json())
  .then((found) => { document.getElementById('count').textContent = String(found.total); document.body.dataset.read = 'yes'; })
  .catch((e) => { document.getElementById('count').textContent = 'blocked: ' + e; document.body.dataset.read = 'no'; });
</script>
</body></html>`;
}

describe('the widget, framed by another site, in Chromium', () => {
  let api: Server;
  let host: HttpServer;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let widgetId = '';
  let missionId = '';

  before(async () => {
    api = await startServer();
    missionId = await publishedMission(api);
    const administrator = await admin(api);
    const { data, response } = await administrator.api.POST('/v1/admin/widgets', {
      body: { name: 'Mairie d\'exemple', departments: ['69'], layout: 'list', colour: '#E1000F' },
    });
    assert.equal(response.status, 201);
    widgetId = data!.id;
    const hostPort = await freePort();
    const apiUrl = api.baseUrl.replace('127.0.0.1', 'localhost');
    host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(apiUrl, widgetId));
    });
    await new Promise<void>((resolve) => host.listen(hostPort, '127.0.0.1', resolve));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 760 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`page console: ${m.text()}`));
    // The host on one port, the API on another: two origins.
    await page.goto(`http://localhost:${hostPort}/`);
    const handle = await page.waitForSelector('#widget');
    frame = (await handle.contentFrame())!;
    await frame.waitForSelector('#missions li a', { timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    host?.close();
    await api?.stop();
  });

  test('the cards render in the frame and link to the platform with the widget\'s tags', async () => {
    const cards = await frame.$$eval('#missions li a', (links) =>
      links.map((a) => ({ href: (a as HTMLAnchorElement).href, title: a.querySelector('h2')?.textContent })),
    );
    assert.equal(cards.length, 1);
    assert.equal(cards[0].title, 'Distribution de repas');
    const href = new URL(cards[0].href);
    assert.equal(href.pathname, `/missions/${missionId}`);
    assert.equal(href.searchParams.get('utm_source'), 'widget');
    assert.equal(href.searchParams.get('utm_campaign'), widgetId);
    assert.match(await frame.textContent('#status') ?? '', /^1 mission · page 1 sur 1$/);
    const artifacts = join(PACKAGE, 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'widget.png'), fullPage: true });
  });

  test('the host page reads the widget\'s API itself, across origins', async () => {
    await page.waitForSelector('body[data-read]');
    assert.equal(await page.getAttribute('body', 'data-read'), 'yes', await page.textContent('#count') ?? '');
    assert.equal(await page.textContent('#count'), '1');
  });

  test('the keyboard reaches the search, then the cards; a search with no match says so', async () => {
    await frame.focus('#q');
    await page.keyboard.press('Tab');
    assert.equal(await frame.evaluate(() => document.activeElement?.tagName), 'BUTTON');
    await page.keyboard.press('Tab');
    assert.equal(
      await frame.evaluate(() => document.activeElement?.querySelector('h2')?.textContent),
      'Distribution de repas',
    );
    await frame.fill('#q', 'astronomie');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Aucune'));
    assert.equal(await frame.$$eval('#missions li', (items) => items.length), 0);
  });
});
