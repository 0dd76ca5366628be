// api_lib.mjs: shared helpers of the API tests (api*.test.mjs): keys made as the superuser,
// and api(), which calls the API through nginx and checks every answer against the OpenAPI
// document (cgi/api/openapi.json): the status must be documented for the operation, a JSON
// answer must say application/json; charset=utf-8 and match its response schema (ajv, JSON
// Schema 2020-12, the document's own components).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SRC, request, psql } from './lib.mjs';

const Ajv2020 = Ajv2020Module.default || Ajv2020Module;
const addFormats = addFormatsModule.default || addFormatsModule;

export const DOC_PATH = path.join(SRC, 'cgi/api/openapi.json');
export const doc = JSON.parse(fs.readFileSync(DOC_PATH, 'utf8'));
const BASE_ID = 'https://fontaine.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: BASE_ID, components: doc.components });

const deref = (o) => {
  while (o && o.$ref) {
    const parts = o.$ref.replace(/^#\//, '').split('/');
    o = parts.reduce((x, k) => x[k], doc);
  }
  return o;
};
const validators = new Map();
function validatorFor(schema) {
  const key = JSON.stringify(schema);
  if (!validators.has(key)) {
    validators.set(key, schema.$ref
      ? ajv.getSchema(BASE_ID + schema.$ref)
      : ajv.compile({ $id: `${BASE_ID}-inline-${validators.size}`, ...schema }));
  }
  return validators.get(key);
}
export const errorSchema = { $ref: '#/components/schemas/Error' };

// The operation of doc for method and a path under /api/v1 (no query), or undefined.
const templates = Object.keys(doc.paths).map((t) => ({
  t,
  re: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/.]+')}$`),
}));
export function operation(method, apiPath) {
  const m = templates.find(({ re }) => re.test(apiPath));
  return m ? { template: m.t, op: doc.paths[m.t][method.toLowerCase()] } : undefined;
}

// Checks res against the document; returns the parsed JSON body (or undefined).
export function check(method, fullPath, res) {
  const apiPath = fullPath.replace(/\?.*$/, '').replace(/^\/lieux\/[a-z0-9-]+/, '').replace(/^\/api\/v1/, '');
  const found = operation(method, apiPath);
  let response;
  if (found && found.op) {
    response = deref(found.op.responses[String(res.status)] || found.op.responses.default);
    assert.ok(response, `${method} ${fullPath}: status ${res.status} is not documented for ${found.template}`);
  } else {
    // No operation (an unknown path, another method): only an error in the one shape.
    assert.ok([404, 405].includes(res.status), `${method} ${fullPath}: ${res.status} without an operation`);
    response = deref({ $ref: '#/components/responses/NotFound' });
  }
  assert.ok(res.status < 500, `${method} ${fullPath}: ${res.status} ${res.text.slice(0, 300)}`);
  const json = response.content && response.content['application/json'];
  if (res.status === 304 || !response.content) {
    assert.equal(res.body.length, 0, `${method} ${fullPath}: ${res.status} has no body`);
    return undefined;
  }
  if (!json) {
    const type = Object.keys(response.content)[0];
    assert.equal(res.header('content-type'), type, `${method} ${fullPath}: content type`);
    return undefined;
  }
  assert.equal(res.header('content-type'), 'application/json; charset=utf-8', `${method} ${fullPath}: content type`);
  const body = JSON.parse(res.text);
  const validate = validatorFor(json.schema);
  assert.ok(validate(body), `${method} ${fullPath} ${res.status}: ${ajv.errorsText(validate.errors)}\n${res.text.slice(0, 500)}`);
  return body;
}

// api(method, path, {key, body, headers}): one call through nginx, checked; returns the
// response with .json (the parsed body).
export async function api(method, p, { key, body, headers = {}, contentType = 'application/json' } = {}) {
  const h = { ...headers };
  if (key) h.Authorization = `Bearer ${key}`;
  let data;
  if (body !== undefined) {
    data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    h['Content-Type'] = contentType;
    h['Content-Length'] = String(data.length);
  }
  const res = await request({ method, path: p, headers: h, body: data });
  res.json = check(method, p, res);
  return res;
}

// A new key of space (1 or 2) with scopes, made as the superuser as the back office would;
// returns {key, id}.
export function makeKey(scopes, { space = 1, rate = 600, expires = "now() + interval '1 day'" } = {}) {
  const key = `ftk_${crypto.randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 12);
  const list = `ARRAY[${scopes.map((s) => `'${s}'`).join(', ')}]::text[]`;
  const id = psql(`SELECT set_config('fontaine.space', '${space}', false) \\g /dev/null
SELECT api_key_create(NULL, 'test ${prefix}', '${prefix}', sha256(convert_to('${key}', 'UTF8')),
  ${list}, ${expires}, ${rate});`);
  return { key, id: Number(id) };
}

export const ALL_SCOPES = ['members:read', 'bookings:read', 'bookings:write', 'uses:read', 'uses:write',
  'invoices:read', 'payments:read', 'closings:read'];

// Paris's date n days from today (YYYY-MM-DD), assembled from its parts: Debian's Node.js may
// have only the en-US locale, where 'en-CA' formats as 11/2/2026.
export function parisDay(n = 0) {
  const d = new Date(Date.now() + n * 86400000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
