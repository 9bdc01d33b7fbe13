// Reads Renfort's API Engagement feeds (files the integration suite kept)
// as the hub's importer reads a partner's feed: fast-xml-parser with the
// importer's options (an address list always an array, values parsed as
// numbers where they look like one). Then checks each mission against the
// hub's MissionXML as restated in mission-xml.json: no element the type
// does not have, each value of its type, and what the importer needs to
// list a mission (an id, a title, an application link, dates it can read,
// a domain and flags from its vocabulary, places, and addresses it can
// place: a postal code that survives being read as a number).
//
//   node check-feed.mjs ../../../../target/tmp/api-engagement/*.xml
import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";

const contract = JSON.parse(readFileSync(new URL("./mission-xml.json", import.meta.url), "utf8"));
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("no feed given: the integration suite writes them to target/tmp/api-engagement");
  process.exit(2);
}

// The importer's options (api/src/jobs/import-missions/utils/xml.ts).
const parser = new XMLParser({
  ignoreAttributes: true,
  trimValues: true,
  parseTagValue: true,
  isArray: (_name, jpath) => jpath === "source.mission.addresses.address",
});

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

function typed(where, name, value, type) {
  if (Array.isArray(type)) {
    if (!type.includes(value)) fail(where, `${name} is ${JSON.stringify(value)}, not one of ${type.join(", ")}`);
    return;
  }
  const ok = {
    string: () => typeof value === "string" || typeof value === "number",
    "number|string": () => typeof value === "number" || typeof value === "string",
    list: () => typeof value === "string" || (typeof value === "object" && "value" in value),
    object: () => typeof value === "object",
    location: () =>
      typeof value === "object" &&
      typeof value.lat === "number" && value.lat >= -90 && value.lat <= 90 &&
      typeof value.lon === "number" && value.lon >= -180 && value.lon <= 180,
    addresses: () => typeof value === "object" && Array.isArray(value.address),
  }[type];
  if (!ok) fail(where, `unknown type ${type} in mission-xml.json`);
  else if (!ok()) fail(where, `${name} ${JSON.stringify(value)} is not a ${type}`);
}

function date(where, name, value) {
  if (value === undefined || Number.isNaN(new Date(value).getTime())) {
    fail(where, `${name} ${JSON.stringify(value)} is not a date the importer can read`);
  }
}

let checked = 0;
for (const file of files) {
  const xml = readFileSync(file, "utf8");
  if (!xml.includes("<?xml")) fail(file, "no XML declaration: the importer answers 'Not an XML'");
  const doc = parser.parse(xml);
  if (!doc.source) {
    fail(file, "no <source>: the importer answers 'Empty xml'");
    continue;
  }
  const missions = doc.source.mission === undefined ? [] : [doc.source.mission].flat();
  const ids = new Set();
  for (const m of missions) {
    const where = `${file} mission ${m.clientId}`;
    checked++;
    for (const [name, value] of Object.entries(m)) {
      const type = contract.mission[name];
      if (type === undefined) fail(where, `<${name}> is not a MissionXML field`);
      else typed(where, name, value, type);
    }
    for (const name of ["clientId", "title", "description", "applicationUrl", "organizationName"]) {
      if (m[name] === undefined || String(m[name]).trim() === "") fail(where, `${name} is missing`);
    }
    if (ids.has(m.clientId)) fail(where, "clientId twice: the importer keeps the first only");
    ids.add(m.clientId);
    if (!/^https?:\/\//.test(m.applicationUrl)) fail(where, "applicationUrl is not a link");
    date(where, "postedAt", m.postedAt);
    date(where, "startAt", m.startAt);
    if (m.endAt !== undefined) date(where, "endAt", m.endAt);
    if (!contract.domains.values.includes(m.domain)) fail(where, `domain ${m.domain} is not the hub's`);
    for (const flag of ["reducedMobilityAccessible", "closeToTransport", "openToMinors"]) {
      if (!["yes", "no"].includes(m[flag])) fail(where, `${flag} ${m[flag]} is neither yes nor no`);
    }
    if (!(Number(m.places) >= 1)) fail(where, `places ${m.places} is not a positive number`);
    for (const address of m.addresses?.address ?? []) {
      for (const [name, value] of Object.entries(address)) {
        const type = contract.address[name];
        if (type === undefined) fail(where, `address <${name}> is not a MissionXML address field`);
        else typed(where, `address ${name}`, value, type);
      }
      // "01000" reads as the number 1000: the importer pads it back to
      // five digits, which must give the code written.
      const postal = String(address.postalCode ?? "").padStart(5, "0");
      if (!/^\d{5}$/.test(postal)) fail(where, `postalCode ${address.postalCode} is not a French postal code`);
      if (address.country !== "FR") fail(where, `country ${address.country} is not FR`);
      if (address.location === undefined) fail(where, "an address without a location: the hub would geocode it");
    }
  }
}

if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
if (checked === 0) {
  console.error("no mission in the feeds given: nothing was checked");
  process.exit(1);
}
console.log(`${checked} missions in ${files.length} feed(s) read as API Engagement reads them: all match MissionXML`);
