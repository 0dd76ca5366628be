// api_keys.test.mjs: the back office's API keys, /admin/api (issue 18; schema/0037_api_keys.sql,
// cgi/admin/api_keys.c). An admin creates a key with scopes, an expiry and a limit: the key is
// shown once, only its SHA-256 is stored, the creation is audited; bad input comes back with
// French messages and saves nothing; a revoked key is refused by api_key_authenticate(); the
// list and a key's calls are the space's own; staff, members and visitors cannot reach them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { get, psql, psqlRows } from './lib.mjs';
import { account } from './portal_lib.mjs';

const run = `ak${process.pid.toString(36)}${Date.now().toString(36)}`;
const future = (days) => new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10);
const keys = (where = 'true') => Number(psql(`SELECT count(*) FROM api_key WHERE name LIKE :'run' || '%' AND ${where}`, { run }));

after(() => {
  psql(`DELETE FROM audit_log WHERE table_name = 'api_key' AND row_id IN (SELECT id FROM api_key WHERE name LIKE :'run' || '%');
    DELETE FROM api_key WHERE name LIKE :'run' || '%';`, { run });
});

// Calls api_key_authenticate() as the API program would (role fontaine_api) for key, in space.
function authenticate(key, scope, space = 1) {
  const out = psql(`SELECT set_config('fontaine.space', :'space', false);
    SET ROLE fontaine_api;
    SELECT coalesce((SELECT outcome FROM api_key_authenticate(sha256(convert_to(:'key', 'UTF8')),
                     nullif(:'scope', ''), 'GET', '/api/v1/test', '127.0.0.1')), 'unknown');`,
  { key, scope: scope || '', space: String(space) }).split('\n').pop();
  return out === 'unknown' ? null : out;
}

test('an admin creates a key: shown once, only its SHA-256 kept, audited, usable for its scopes only', async () => {
  const admin = account('admin', { member: false });
  let res = await admin.client.get('/admin/api');
  assert.equal(res.status, 200);
  assert.match(res.text, /<a href="\/admin\/api" aria-current="page">API<\/a>/, 'the nav links the page for admins');
  assert.match(res.text, /name="portee_membres" type="checkbox"/);
  res = await admin.client.post('/admin/api', {
    nom: `${run} porte`, expire_le: future(30), limite: '120', portee_membres: '1', portee_arrivees: '1',
  });
  assert.equal(res.status, 201, res.text.slice(0, 400));
  const m = /<textarea id="nouvelle-cle" readonly[^>]*>(ftk_[A-Za-z0-9_-]{43})<\/textarea>/.exec(res.text);
  assert.ok(m, 'the new key is shown');
  const key = m[1];
  assert.match(res.text, /elle ne sera plus jamais affichée/);
  const row = psqlRows(`SELECT id, prefix, array_to_string(scopes, ' ') AS scopes, rate_per_minute AS rate,
      (expires_at AT TIME ZONE 'Europe/Paris')::date::text AS last_day, created_by,
      key_hash = sha256(convert_to(:'key', 'UTF8')) AS hash_ok
    FROM api_key WHERE name = :'name'`, { key, name: `${run} porte` });
  assert.equal(row.length, 1);
  assert.equal(row[0].hash_ok, true, 'the SHA-256 of the key is what is kept');
  assert.equal(row[0].prefix, key.slice(0, 12));
  assert.equal(row[0].scopes, 'members:read uses:write');
  assert.equal(row[0].rate, 120);
  assert.equal(row[0].last_day, future(31), 'valid through the chosen day, Paris time');
  assert.equal(Number(row[0].created_by), admin.id);
  assert.equal(Number(psql(`SELECT count(*) FROM api_key WHERE name = :'name' AND position(convert_to(:'key', 'UTF8') IN key_hash) > 0`,
    { key, name: `${run} porte` })), 0);
  const audit = psqlRows(`SELECT person_id, action, after ? 'key_hash' AS has_hash, after->>'prefix' AS prefix
    FROM audit_log WHERE table_name = 'api_key' AND row_id = :'id'`, { id: row[0].id });
  assert.deepEqual(audit.map((a) => [Number(a.person_id), a.action, a.has_hash, a.prefix]),
    [[admin.id, 'create', false, key.slice(0, 12)]], 'the creation is audited, without the hash');

  // shown once: the list names it by its prefix only
  res = await admin.client.get('/admin/api');
  assert.ok(!res.text.includes(key), 'the key is never shown again');
  assert.ok(res.text.includes(`<code>${key.slice(0, 12)}…</code>`));
  assert.match(res.text, new RegExp(`${run} porte</a>[\\s\\S]*?Membres et adhésions[\\s\\S]*?Arrivées \\(enregistrement\\)`));

  // the key works for its scopes only, and only in its space
  assert.equal(authenticate(key, 'members:read'), 'ok');
  assert.equal(authenticate(key, 'invoices:read'), 'forbidden');
  assert.equal(authenticate(key, 'members:read', 2), null, 'another space does not know it');
  assert.equal(authenticate(`${key.slice(0, -1)}A` === key ? `${key}x` : `${key.slice(0, -1)}A`, 'members:read'), null);

  // its calls are listed on its page, refused ones told apart
  res = await admin.client.get(`/admin/api/${row[0].id}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<code>GET \/api\/v1\/test<\/code><\/td><td>members:read<\/td><td>Accepté<\/td><td>127\.0\.0\.1<\/td>/);
  assert.match(res.text, /<td>invoices:read<\/td><td>Refusé : autorisation manquante \(403\)<\/td>/);
  assert.match(res.text, /2[\u00a0 ]appels ces 30 derniers jours, dont 1[\u00a0 ]refusé\./);

  // revoked: refused from now on, audited; a second revocation is a 404
  res = await admin.client.post(`/admin/api/${row[0].id}/revoquer`, {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/admin/api?ok=revoquee');
  assert.equal(authenticate(key, 'members:read'), null, 'a revoked key is unknown to the API');
  assert.equal(Number(psql(`SELECT count(*) FROM audit_log WHERE table_name = 'api_key' AND row_id = :'id' AND action = 'cancel' AND person_id = :'p'`,
    { id: row[0].id, p: admin.id })), 1);
  res = await admin.client.get('/admin/api?ok=revoquee');
  assert.match(res.text, /La clé est révoquée/);
  assert.match(res.text, new RegExp(`${run} porte</a>[\\s\\S]*?<td>Révoquée</td>`));
  res = await admin.client.post(`/admin/api/${row[0].id}/revoquer`, {});
  assert.equal(res.status, 404);
});

test('bad input: French messages, the values kept, nothing saved', async () => {
  const admin = account('admin', { member: false });
  await admin.client.get('/admin/api');
  const before = keys();
  const cases = [
    [{ nom: `${run} a`, expire_le: future(10), limite: '60' }, /Cochez au moins une autorisation\./],
    [{ nom: `${run} b`, expire_le: '2020-01-01', limite: '60', portee_factures: '1' }, /Choisissez une date à venir\./],
    [{ nom: `${run} c`, expire_le: future(2000), limite: '60', portee_factures: '1' }, /trois ans au plus/],
    [{ nom: '', expire_le: future(10), limite: '60', portee_factures: '1' }, /id="f-nom-erreur"/],
    [{ nom: `${run} d`, expire_le: 'demain', limite: '60', portee_factures: '1' }, /id="f-expire_le-erreur"/],
    [{ nom: `${run} e`, expire_le: future(10), limite: '0', portee_factures: '1' }, /id="f-limite-erreur"/],
  ];
  for (const [fields, message] of cases) {
    const res = await admin.client.post('/admin/api', fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.match(res.text, message, JSON.stringify(fields));
    assert.match(res.text, /Le formulaire contient/);
    assert.ok(!/ftk_[A-Za-z0-9_-]{43}/.test(res.text), 'no key drawn');
    if (fields.portee_factures) assert.match(res.text, /name="portee_factures" type="checkbox" value="1" checked/, 'the ticked scope stays ticked');
  }
  assert.equal(keys(), before, 'nothing saved');
});

test('the keys of another space are neither listed nor reachable', async () => {
  const other = `${run} grange`;
  const id = psql(`SELECT set_config('fontaine.space', (SELECT id::text FROM space WHERE slug = 'la-grange'), false);
    SELECT api_key_create(NULL, :'name', 'ftk_' || substr(md5(:'name'), 1, 8), sha256(convert_to(:'name', 'UTF8')),
                          ARRAY['members:read'], now() + interval '1 day', 60)`, { name: other }).split('\n').pop();
  const admin = account('admin', { member: false });
  let res = await admin.client.get('/admin/api');
  assert.equal(res.status, 200);
  assert.ok(!res.text.includes(other), 'not in space 1\'s list');
  res = await admin.client.get(`/admin/api/${id}`);
  assert.equal(res.status, 404);
  await admin.client.get('/admin/api');
  res = await admin.client.post(`/admin/api/${id}/revoquer`, {});
  assert.equal(res.status, 404);
  assert.equal(keys(`id = ${Number(id)} AND revoked_at IS NULL`), 1, 'still valid');
  res = await admin.client.get('/lieux/la-grange/admin/api');
  assert.equal(res.status, 200, 'a network admin sees it in its own space');
  assert.ok(res.text.includes(other));
});

test('staff, members and visitors cannot reach the keys', async () => {
  const staff = account('staff', { member: false });
  const member = account('member');
  let res = await staff.client.get('/admin');
  assert.equal(res.status, 200);
  assert.ok(!res.text.includes('href="/admin/api"'), 'no link for staff');
  for (const who of [staff, member]) {
    res = await who.client.get('/admin/api');
    assert.equal(res.status, 403);
    res = await who.client.get('/admin/api/1');
    assert.equal(res.status, 403);
    await who.client.get('/compte');
    const before = keys();
    res = await who.client.post('/admin/api', { nom: `${run} intrus`, expire_le: future(5), limite: '60', portee_factures: '1' });
    assert.equal(res.status, 403);
    assert.equal(keys(), before);
  }
  res = await get('/admin/api');
  assert.ok([302, 303].includes(res.status), `a visitor is sent to the login page (${res.status})`);
  assert.match(res.headers.location, /connexion/);
});
