// The --json contract as JSON Schema: one `schemas/<command>.schema.json` per command, generated from
// the TypeScript types in src/json/ (JsonContract: JsonDocuments, JsonRecords, ErrorDocument), and the JSON
// table in docs/json.md generated from those schemas. `npm run schemas` writes both; `--check` only compares
// and exits 1 when either is out of date (test/json/schemas.test.ts fails the same way).
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = new URL('../', import.meta.url);
export const SCHEMA_DIR = fileURLToPath(new URL('schemas/', root));
export const JSON_DOC = fileURLToPath(new URL('docs/json.md', root));
export const JSON_TABLE_START = '<!-- section:json-contract -->';
export const JSON_TABLE_END = '<!-- /section:json-contract -->';
const DRAFT = 'http://json-schema.org/draft-07/schema#';
/** How a command is typed on the command line, where its key is not that. */
const SPELLING = { 'token-inspect': 'token inspect', 'urls-set': 'urls set', 'urls-check': 'urls check' };

/**
 * Every command's schema, keyed by command, from the types (about 4 s: the TypeScript program is
 * built once). Each schema accepts exactly what the command prints with --json: its document or any
 * of its NDJSON lines, or the error document.
 */
export function generateSchemas() {
  const generator = createGenerator({
    path: fileURLToPath(new URL('src/json/index.ts', root)),
    tsconfig: fileURLToPath(new URL('tsconfig.json', root)),
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
  });
  // One root for everything: the generator names definitions by type name, and only within one
  // schema does it refuse two different types of the same name (which would silently merge).
  const { definitions } = generator.createSchema('JsonContract');
  const documents = definitions.JsonDocuments;
  const records = definitions.JsonRecords;
  const commands = [...new Set([...Object.keys(documents.properties), ...Object.keys(records.properties)])].sort();
  const schemas = {};
  for (const command of commands) {
    const document = documents.properties[command] && withoutDescription(documents.properties[command]);
    const record = records.properties[command] && withoutDescription(records.properties[command]);
    const arms = [document, record, { $ref: '#/definitions/ErrorDocument' }].filter(Boolean);
    const schema = {
      $schema: DRAFT,
      title: `asn-doctor ${SPELLING[command] ?? command} --json`,
      description: formDescription(command, Boolean(document), Boolean(record)),
      anyOf: dedupe(arms.flatMap((a) => (a.anyOf && Object.keys(a).length === 1 ? a.anyOf : [a]))),
    };
    schema.definitions = closure(schema, definitions);
    schemas[command] = schema;
    // Which part is the document and which an NDJSON line: for docs/json.md, not in the schema (a
    // keyword of our own would make strict validators such as Ajv's refuse the schema).
    FORMS.set(schema, { document, record });
  }
  return schemas;
}

/** Each generated schema's document and NDJSON-line parts. */
const FORMS = new WeakMap();

function formDescription(command, document, record) {
  const name = `\`asn-doctor ${SPELLING[command] ?? command} --json\``;
  const error = 'or, when the command stops without its result, the error document (the one with `error`).';
  if (document && record) return `What ${name} prints on stdout: one JSON document for one item, one NDJSON line per item for several; ${error}`;
  if (document) return `What ${name} prints on stdout: one JSON document, ${error}`;
  return `What ${name} prints on stdout: NDJSON, every line one of these, ${error}`;
}

function withoutDescription(s) {
  const { description: _, ...rest } = s;
  return rest;
}

function dedupe(list) {
  const seen = new Set();
  return list.filter((x) => {
    const key = JSON.stringify(x);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The definitions a schema reaches through $ref, in a stable order. */
function closure(schema, definitions) {
  const names = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = decodeURIComponent(v.replace('#/definitions/', ''));
        if (!definitions[name]) throw new Error(`schema refers to ${v}, which is not defined`);
        if (!names.has(name)) {
          names.add(name);
          visit(definitions[name]);
        }
      } else visit(v);
    }
  };
  visit(schema);
  return Object.fromEntries([...names].sort().map((n) => [n, definitions[n]]));
}

/** A schema file's text: stable key order as generated, two-space indent, final newline. */
export function schemaText(schema) {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// ——— The table in docs/json.md ———

/** The Markdown between docs/json.md's markers (without the markers). */
export function jsonTableMarkdown(schemas) {
  const rows = [];
  for (const [command, schema] of Object.entries(schemas)) {
    const defs = schema.definitions;
    const variants = [];
    const collect = (node, form) => {
      for (const leaf of leaves(node, defs)) if (!variants.some((v) => v.name === leaf.name)) variants.push({ ...leaf, form });
    };
    const forms = FORMS.get(schema);
    if (!forms) throw new Error(`no forms for ${command}: pass the schemas generateSchemas() returned`);
    if (forms.document) collect(forms.document, 'document');
    if (forms.record) collect(forms.record, 'NDJSON line');
    const results = variants.filter((v) => !isError(v.def));
    const errors = variants.filter((v) => isError(v.def) && v.name !== 'ErrorDocument');
    const discriminant = discriminantOf(results.map((v) => v.def));
    const link = `[\`${SPELLING[command] ?? command}\`](../schemas/${command}.schema.json)`;
    [...results, ...errors].forEach((v, i) => {
      rows.push(`| ${i === 0 ? link : ''} | ${v.form} | ${cell(oneLine(v.description ?? ''))} | ${fieldList(v.def, discriminant)} |`);
    });
  }
  const error = Object.values(schemas)[0].definitions;
  return [
    'Generated from the types in `src/json/` (`npm run schemas`); each command links to its JSON Schema.',
    '',
    '| command | form | what | fields (`?` optional, `[]` a list) |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Any command, instead of its result: the error document, ${fieldList(error.ErrorDocument)}, with \`error\`: ${fieldList(error.ErrorBody)}.`,
    '',
  ].join('\n');
}

/** A document that says why the command stopped: `error` always there. */
function isError(def) {
  return (def.required ?? []).includes('error');
}

/**
 * The object schemas a node stands for, through $ref and anyOf, each with its definition's name and
 * description (an alias's, when the object it names has none).
 */
function leaves(node, defs, name, description) {
  if (node.$ref) {
    const n = decodeURIComponent(node.$ref.replace('#/definitions/', ''));
    return leaves(defs[n], defs, n, description ?? node.description);
  }
  if (node.anyOf) return node.anyOf.flatMap((n) => leaves(n, defs));
  if (node.type === 'object' && node.properties) return [{ name: name ?? JSON.stringify(node), def: node, description: node.description ?? description }];
  throw new Error(`cannot list the fields of ${JSON.stringify(node).slice(0, 200)}`);
}

/** The property every variant pins to a different constant (`mode`, `kind`, `event` …), if there is one. */
function discriminantOf(defs) {
  if (defs.length < 2) return undefined;
  const keys = Object.keys(defs[0].properties ?? {});
  return keys.find((k) => {
    const values = defs.map((d) => d.properties?.[k]?.const);
    return values.every((v) => v !== undefined) && new Set(values.map((v) => JSON.stringify(v))).size === defs.length;
  });
}

/** The fields of one variant: the discriminant first (in bold, with its value), then `ok`, then the rest as declared. */
function fieldList(def, discriminant) {
  const required = new Set(def.required ?? []);
  const names = Object.keys(def.properties);
  const order = [...new Set([discriminant, 'ok'])].filter((k) => k && names.includes(k));
  return [...order, ...names.filter((k) => !order.includes(k))]
    .map((k) => {
      const p = def.properties[k];
      if (k === discriminant || (k === 'ok' && p.const !== undefined)) {
        const text = `\`${k}: ${JSON.stringify(p.const)}\``;
        return k === discriminant ? `**${text}**` : text;
      }
      const list = p.type === 'array' || (Array.isArray(p.type) && p.type.includes('array')) ? '[]' : '';
      return `\`${k}${list}${required.has(k) ? '' : '?'}\``;
    })
    .join(', ');
}

function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim();
}

function cell(text) {
  return text.replace(/\|/g, '\\|');
}

/** Replaces the JSON table in docs/json.md's text; throws when the markers are missing. */
export function withJsonTable(doc, markdown) {
  const start = doc.indexOf(JSON_TABLE_START);
  const end = doc.indexOf(JSON_TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/json.md has no ${JSON_TABLE_START} … ${JSON_TABLE_END} markers`);
  return `${doc.slice(0, start + JSON_TABLE_START.length)}\n${markdown}${doc.slice(end)}`;
}

/** The files `npm run schemas` writes, by path, with their text. */
export function expectedFiles(schemas = generateSchemas(), doc = readFileSync(JSON_DOC, 'utf8')) {
  const files = new Map();
  for (const [command, schema] of Object.entries(schemas)) files.set(`${SCHEMA_DIR}${command}.schema.json`, schemaText(schema));
  files.set(JSON_DOC, withJsonTable(doc, jsonTableMarkdown(schemas)));
  return files;
}

/** The schema files committed now, by path. */
export function committedSchemaFiles() {
  let names = [];
  try {
    names = readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.schema.json'));
  } catch {
    // No schemas/ yet.
  }
  return new Map(names.map((n) => [`${SCHEMA_DIR}${n}`, readFileSync(`${SCHEMA_DIR}${n}`, 'utf8')]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const expected = expectedFiles();
  const committed = committedSchemaFiles();
  const stale = [...committed.keys()].filter((p) => !expected.has(p));
  const differ = [...expected].filter(([p, text]) => (p === JSON_DOC ? readFileSync(JSON_DOC, 'utf8') : committed.get(p)) !== text).map(([p]) => p);
  const rel = (p) => p.replace(fileURLToPath(root), '');
  if (process.argv.includes('--check')) {
    if (differ.length || stale.length) {
      console.error(`Out of date with src/json/: ${[...differ, ...stale].map(rel).join(', ')}. Run \`npm run schemas\`.`);
      process.exit(1);
    }
    console.log('schemas/ and the table in docs/json.md match src/json/.');
  } else {
    mkdirSync(SCHEMA_DIR, { recursive: true });
    for (const p of stale) rmSync(p);
    for (const p of differ) writeFileSync(p, expected.get(p));
    console.log(differ.length || stale.length ? `Wrote ${[...differ, ...stale].map(rel).join(', ')}.` : 'Already up to date.');
  }
}
