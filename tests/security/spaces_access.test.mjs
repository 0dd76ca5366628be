// spaces_access.test.mjs: staff scope across the spaces of one install (issue 15). A staff
// member works for their spaces only (staff_space): on another space's back office they get the
// French 403 page, without data, from the library's auth step (every program); a network admin
// (an admin with no staff_space row) works on every space; an admin tied to one space is
// refused on the others. One account and one session cookie (Path=/) serve the whole install.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request, psql, hidden, freshAddr, formBody } from '../integration/lib.mjs';

const PASSWORD = 'fontaine-demo-2026';
const NETWORK_ADMIN = 'equipe@lafontaine-agen.example';
const GRANGE_STAFF = 'equipe@lagrange-marmande.example';
const FONTAINE_STAFF = 'accueil@lafontaine-agen.example';
const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const LOCAL_ADMIN = `admin-fontaine-${tag}@example.org`;
const G = '/lieux/la-grange';

async function login(email, where = '') {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (m) jar.set(m[1], m[2]);
    }
    return res;
  };
  const headers = () => ({ Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  const page = keep(await request({ path: `${where}/connexion`, localAddress: freshAddr() }));
  const body = formBody({ csrf: hidden(page.text, 'csrf'), email, mot_de_passe: PASSWORD, retour: '/admin' });
  const res = keep(await request({ method: 'POST', path: `${where}/connexion`, body, localAddress: freshAddr(),
    headers: { ...headers(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }));
  assert.equal(res.status, 303, `login as ${email} on ${where || '/'}`);
  return { res, get: (p) => request({ path: p, headers: headers(), localAddress: freshAddr() }) };
}

before(() => {
  // An admin who works for La Fontaine only (a staff_space row): not a network admin.
  psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash, email_verified_at)
    SELECT :'email', 'Camille', 'Locale', 'autre', 'admin', 'active', password_hash, now()
    FROM person WHERE email = '${NETWORK_ADMIN}';
    INSERT INTO staff_space (person_id, space_id) SELECT id, 1 FROM person WHERE email = :'email'`, { email: LOCAL_ADMIN });
});

after(() => {
  psql(`DELETE FROM person WHERE email = :'email'`, { email: LOCAL_ADMIN });
});

test('person_spaces: the demo accounts work for the spaces the design says', () => {
  assert.equal(psql(`SELECT person_spaces(id) IS NULL FROM person WHERE email = '${NETWORK_ADMIN}'`), 't');
  assert.equal(psql(`SELECT person_spaces(id)::text FROM person WHERE email = '${GRANGE_STAFF}'`), '{2}');
  assert.equal(psql(`SELECT person_spaces(id)::text FROM person WHERE email = '${FONTAINE_STAFF}'`), '{1}');
});

test('staff of La Grange: their own back office under the prefix, 403 on La Fontaine\'s', async () => {
  const s = await login(GRANGE_STAFF, G);
  assert.equal(s.res.header('location'), `${G}/admin`, 'the login returns within the space');
  const own = await s.get(`${G}/admin`);
  assert.equal(own.status, 200);
  assert.match(own.text, /· La Grange<\/title>/);
  assert.match(own.text, new RegExp(`href="${G}/admin/factures"`), 'the back office menu keeps the prefix');
  for (const p of ['/admin', '/admin/factures', '/admin/factures/journal.csv', '/admin/factures/fec',
    '/admin/membres', '/admin/reservations', '/admin/accueil', '/admin/evenements']) {
    const res = await s.get(p);
    assert.equal(res.status, 403, `${p}: ${res.status}`);
    assert.match(res.text, /autre lieu du réseau/, `${p}: the French reason`);
    assert.match(res.header('content-type'), /^text\/html/, `${p}: no export`);
  }
  // On La Fontaine they are a member: their account pages work, without the staff link.
  const acc = await s.get('/compte');
  assert.equal(acc.status, 200);
  assert.doesNotMatch(acc.text, />Administration</, 'no back office link on another space');
  assert.match((await s.get(`${G}/compte`)).text, />Administration</, 'the link on their own space');
});

test('staff of La Fontaine: 403 on La Grange\'s back office, theirs unchanged', async () => {
  const s = await login(FONTAINE_STAFF);
  assert.equal(s.res.header('location'), '/admin');
  assert.equal((await s.get('/admin')).status, 200);
  for (const p of ['/admin', '/admin/factures', '/admin/tableau-de-bord', '/admin/contenu/tarifs']) {
    const res = await s.get(`${G}${p}`);
    assert.equal(res.status, 403, `${G}${p}: ${res.status}`);
    assert.match(res.text, /autre lieu du réseau/);
  }
});

test('a network admin acts on every space; an admin of one space only on theirs', async () => {
  const n = await login(NETWORK_ADMIN);
  assert.equal((await n.get('/admin')).status, 200);
  const g = await n.get(`${G}/admin`);
  assert.equal(g.status, 200, 'the network admin on La Grange');
  assert.match(g.text, /· La Grange<\/title>/);
  const l = await login(LOCAL_ADMIN);
  assert.equal((await l.get('/admin')).status, 200);
  assert.equal((await l.get('/admin/contenu/organisation')).status, 200, 'an admin page of their own space');
  assert.equal((await l.get(`${G}/admin`)).status, 403);
  assert.equal((await l.get(`${G}/admin/contenu/organisation`)).status, 403);
});

test('one session for the whole install: a login on one space holds on the other', async () => {
  const s = await login(NETWORK_ADMIN, G);
  const cookie = s.res.all['set-cookie'].find((c) => c.startsWith('session='));
  assert.match(cookie, /; Path=\//);
  assert.equal((await s.get('/compte')).status, 200);
  assert.equal((await s.get(`${G}/compte`)).status, 200);
});
