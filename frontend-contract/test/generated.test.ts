// The generated types follow the API: a schema changed without running
// `npm run generate` fails `npm test` before anything else runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENT = join(PACKAGE, '..', 'openapi', 'openapi.json');

function check(document: string): number | null {
  return spawnSync(process.execPath, ['scripts/generate.mjs', '--check'], {
    cwd: PACKAGE,
    env: { ...process.env, OPENAPI_DOCUMENT: document },
    stdio: 'ignore',
  }).status;
}

test('a schema changed without regenerating the types fails the check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renfort-openapi-'));
  try {
    const document = JSON.parse(readFileSync(DOCUMENT, 'utf8'));
    const unchanged = join(dir, 'same.json');
    writeFileSync(unchanged, JSON.stringify(document));
    assert.equal(check(unchanged), 0, 'the committed types match the committed document');

    // A new field on the mission a volunteer reads, as a server change would add it.
    document.components.schemas.PublicMissionView.properties.accessible = { type: 'boolean' };
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, JSON.stringify(document));
    assert.equal(check(changed), 1, 'the stale types are refused');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
