// api_webhooks_doc.test.mjs: the OpenAPI document's `webhooks` (cgi/api/openapi.json) describe
// the deliveries fontaine-webhooks sends: one POST per event type of doc/webhooks.schema.json
// (the schema the webhook tests validate every received body against), each body's schema the
// same as there, with the signature, delivery and event headers; and a body as the database
// writes it (webhook_delivery, schema/0038) is valid against the OpenAPI copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SRC, psql } from './lib.mjs';

const Ajv2020 = Ajv2020Module.default || Ajv2020Module;
const addFormats = addFormatsModule.default || addFormatsModule;
const doc = JSON.parse(fs.readFileSync(path.join(SRC, 'cgi/api/openapi.json'), 'utf8'));
const hooks = JSON.parse(fs.readFileSync(path.join(SRC, 'doc/webhooks.schema.json'), 'utf8'));
const cname = (k) => `Webhook${k.split(/[._]/).map((x) => x[0].toUpperCase() + x.slice(1)).join('')}`;
const refs = (o) => JSON.parse(JSON.stringify(o).replace(/"#\/\$defs\/([^"]+)"/g, (_, k) => `"#/components/schemas/${cname(k)}"`));

test('every event type of doc/webhooks.schema.json is a webhook of the OpenAPI document, with the same body schema', () => {
  const events = Object.keys(hooks.$defs).filter((k) => k.includes('.'));
  assert.equal(events.length, 9);
  assert.deepEqual(Object.keys(doc.webhooks).sort(), [...events].sort());
  for (const e of events) {
    const op = doc.webhooks[e].post;
    assert.equal(op.requestBody.content['application/json'].schema.$ref, `#/components/schemas/${cname(e)}`, e);
    assert.deepEqual(op.parameters.map((p) => `${p.in}:${p.name}`).sort(),
      ['header:Fontaine-Delivery', 'header:Fontaine-Event', 'header:Fontaine-Signature'], e);
  }
  for (const [k, v] of Object.entries(hooks.$defs))
    assert.deepEqual(doc.components.schemas[cname(k)], refs(v), `${k}: the same schema as doc/webhooks.schema.json`);
});

test('a booking.created body is valid against the OpenAPI copy, a body of another shape is not', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: doc.components });
  const validate = ajv.compile({ $ref: `openapi#/components/schemas/${cname('booking.created')}` });
  // A body as the triggers write it, in a transaction rolled back (nothing is ever sent).
  const body = psql(`BEGIN;
    SELECT set_config('fontaine.space', '1', true) \\g /dev/null
    INSERT INTO webhook_endpoint (url, events) VALUES ('http://127.0.0.9/doc', ARRAY['booking.created']) \\g /dev/null
    INSERT INTO booking (resource_id, space_id, exclusive, day, slot, starts_at, ends_at, status, source, contact_name)
      SELECT r.id, 1, false, o.day, 'am', (o.day + time '09:00') AT TIME ZONE 'Europe/Paris',
             (o.day + time '12:30') AT TIME ZONE 'Europe/Paris', 'confirmed', 'walk_in', 'Doc OpenAPI'
      FROM resource r CROSS JOIN LATERAL (SELECT d::date AS day
        FROM generate_series(paris_today() + 400, paris_today() + 430, interval '1 day') d
        WHERE closed_reason(d::date, r.id) IS NULL ORDER BY d LIMIT 1) o -- open that day (400 days on was a Saturday)
      WHERE r.space_id = 1 AND r.kind = 'open_space' LIMIT 1 \\g /dev/null
    SELECT body FROM webhook_delivery WHERE event_type = 'booking.created' ORDER BY id DESC LIMIT 1;
    ROLLBACK;`);
  assert.ok(validate(JSON.parse(body)), `${body}: ${JSON.stringify(validate.errors)}`);
  assert.equal(validate({ id: 'x', type: 'booking.created' }), false, 'a body without its data is refused');
});
