// Generates, from the repository's OpenAPI document, src/schema.d.ts (the
// types of every path, request, response and problem code) and
// src/operations.ts (the operations that take an Idempotency-Key). With
// --check, regenerates in memory and fails when a committed file differs:
// an API schema changed without the client following.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
// OPENAPI_DOCUMENT: another document to check against (the contract's own test).
const documentPath = process.env.OPENAPI_DOCUMENT ?? here('../../openapi/openapi.json');
const targets = { schema: here('../src/schema.d.ts'), operations: here('../src/operations.ts') };

const header = `// Generated from openapi/openapi.json by \`npm run generate\`; do not edit.
// \`npm test\` fails when this file and the document disagree.
`;
const document = JSON.parse(await readFile(documentPath, 'utf8'));

// The operations that declare an Idempotency-Key header, as path patterns.
const idempotent = [];
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    const takesKey = (operation.parameters ?? []).some(
      (p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
    if (takesKey) idempotent.push({ method: method.toUpperCase(), path });
  }
}
const operations = header + `
/** Operations that take an \`Idempotency-Key\`: the client sends one per call, reused on retry. */
export const IDEMPOTENT_OPERATIONS: ReadonlyArray<{ method: string; path: string }> = ${JSON.stringify(idempotent, null, 2)};
`;

const generated = {
  schema: header + astToString(await openapiTS(document, { alphabetize: true })),
  operations,
};

if (process.argv.includes('--check')) {
  let stale = false;
  for (const [name, text] of Object.entries(generated)) {
    const committed = await readFile(targets[name], 'utf8').catch(() => '');
    if (committed !== text) {
      console.error(`${targets[name]} is out of date with openapi/openapi.json; run \`npm run generate\` and commit it`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log('src/schema.d.ts and src/operations.ts match openapi/openapi.json');
} else {
  for (const [name, text] of Object.entries(generated)) {
    await writeFile(targets[name], text);
    console.log(`wrote ${targets[name]}`);
  }
}
