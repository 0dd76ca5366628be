// membership.test.mjs: attacks on the membership lifecycle (issue 19): a member or a visitor
// calling the staff routes (activating their own carnet, selling themselves a carnet, giving a
// half-day back, ending a lease) is refused and nothing changes; a member cannot stop another
// member's monthly formula, nor renew for someone else (the routes act on the session's person).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { request, psql, hidden, freshAddr, formBody } from '../integration/lib.mjs';

const one = (sql, vars) => psql(sql, vars).split('\n')[0];
let seq = 0;

function person(role = 'member') {
  const t = `sec${process.pid.toString(36)}x${Date.now().toString(36)}x${++seq}`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  const id = Number(one(`WITH p AS (INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
      VALUES ('${t}@example.org', 'Dom', '${t}', 'independant', '${role}', 'active', '$argon2id$test', now()) RETURNING id)
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM p RETURNING person_id`, { hash }));
  return { id, token, email: `${t}@example.org` };
}

async function client(token) {
  const addr = freshAddr();
  const jar = new Map(token ? [['session', token]] : []);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res) => {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (m) jar.set(m[1], m[2]);
    }
    return res;
  };
  // A page with a form gives the CSRF token, so a refusal is one of the role, not of the form.
  const first = keep(await request({ path: token ? '/compte/adhesion/renouveler' : '/contact', headers: jar.size ? { Cookie: cookie() } : {}, localAddress: addr }));
  const csrf = hidden(first.text, 'csrf');
  return {
    get: async (p) => keep(await request({ path: p, headers: jar.size ? { Cookie: cookie() } : {}, localAddress: addr })),
    post: async (p, fields = {}) => {
      const body = formBody([['csrf', csrf], ...Object.entries(fields)]);
      return keep(await request({ method: 'POST', path: p, body, localAddress: addr, headers: {
        'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: cookie() } }));
    },
  };
}

test('a member or a visitor cannot run the staff side of memberships: refused, nothing changes', async () => {
  const m = person();
  const f = Number(one(`INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, halfdays_total)
    VALUES (${m.id}, 'carnet_10', 15000, true, 10) RETURNING id`));
  const ms = Number(one(`INSERT INTO membership (person_id, starts_on, ends_on, fee_cents) VALUES (${m.id}, paris_today(), paris_today() + 364, 2000) RETURNING id`));
  const lease = one(`SELECT id FROM office_lease ORDER BY id LIMIT 1`) || '1';
  const attacks = [
    [`/admin/adhesions/formules/${f}/activer`, {}],
    [`/admin/adhesions/formules/${f}/modifier`, { formule: 'month_open_space' }],
    [`/admin/adhesions/adhesions/${ms}/activer`, {}],
    ['/admin/adhesions/carnet', { email: m.email, formule: 'carnet_10' }],
    [`/admin/membres/${m.id}/formule`, { formule: 'carnet_10' }],
    [`/admin/membres/${m.id}/adhesion`, {}],
    ['/admin/adhesions/rappels', {}],
    ['/admin/accueil/correction', { id: '1', jour: '2030-01-01', quoi: 'carnet', raison: 'x' }],
    [`/admin/reservations/baux/${lease}/fin`, { fin: '2000-01-31', raison: 'x' }],
  ];
  const member = await client(m.token);
  const visitor = await client(null);
  for (const [p, fields] of attacks) {
    assert.equal((await member.post(p, fields)).status, 403, `member POST ${p}`);
    assert.equal((await visitor.post(p, fields)).status, 403, `visitor POST ${p}`);
  }
  assert.equal((await member.get('/admin/adhesions')).status, 403);
  const v = await visitor.get('/admin/adhesions');
  assert.equal(v.status, 303);
  assert.match(v.headers.location, /\/connexion/);
  assert.equal(one(`SELECT status || ' ' || price_code FROM person_formula WHERE id = ${f}`), 'requested carnet_10');
  assert.equal(one(`SELECT accepted_at IS NULL FROM membership WHERE id = ${ms}`), 't');
  assert.equal(Number(one(`SELECT count(*) FROM person_formula WHERE person_id = ${m.id}`)), 1);
  assert.equal(Number(one(`SELECT count(*) FROM membership WHERE person_id = ${m.id}`)), 1);
  assert.equal(Number(one(`SELECT count(*) FROM invoice_line WHERE source_key IN ('formula:${f}', 'membership:${ms}')`)), 0);
});

test('a member cannot stop another member\'s monthly formula; the renewal request is always one\'s own', async () => {
  const owner = person();
  const other = person();
  const f = Number(one(`INSERT INTO person_formula (person_id, price_code, unit_cents, member_price, status, starts_on)
    VALUES (${owner.id}, 'month_open_space', 9000, true, 'active', paris_today()) RETURNING id`));
  const c = await client(other.token);
  assert.equal((await c.post(`/compte/formules/${f}/arreter`)).status, 404);
  assert.equal(one(`SELECT ends_on IS NULL AND stop_requested_at IS NULL FROM person_formula WHERE id = ${f}`), 't');
  // Extra fields naming another person are ignored: the request is the session's person's.
  const r = await c.post('/compte/adhesion/renouveler', { confirmer: 'oui', personne: String(owner.id), person_id: String(owner.id) });
  assert.equal(r.status, 200);
  assert.equal(Number(one(`SELECT count(*) FROM membership WHERE person_id = ${owner.id}`)), 0);
  assert.equal(Number(one(`SELECT count(*) FROM membership WHERE person_id = ${other.id} AND requested_by_member`)), 1);
  // Not logged in: the login page, nothing stopped.
  const anon = await client(null);
  assert.equal((await anon.post(`/compte/formules/${f}/arreter`)).status, 403);
  assert.equal((await anon.get('/compte/adhesion/renouveler')).status, 303);
});
