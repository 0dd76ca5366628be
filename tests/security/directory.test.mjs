// directory.test.mjs: attacks on the member portal's new pages (issue 19): another member
// editing, removing or reading my directory profile, my booking's manage link or .ics, or my
// data; a visitor reading a members-only profile or photo (also through search wildcards); a
// forged multipart body; a file that is not an image passed off as one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { request, psql, freshAddr } from '../integration/lib.mjs';
import { Client, account, runTag } from '../integration/portal_lib.mjs';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function profile(m, fields, files) {
  await m.client.get('/compte/profil-annuaire');
  return m.client.postMultipart('/compte/profil-annuaire', { consentement: '1', visibilite: 'members', ...fields }, files);
}
const own = (m) => psql('SELECT activity FROM directory_profile WHERE person_id = :id', { id: m.id });

test('another member cannot edit nor remove my profile: the session says whose it is', async () => {
  const me = account();
  const other = account();
  assert.equal((await profile(me, { activite: 'Architecte' })).status, 303);
  // The other member names my id in every way a form could.
  const res = await profile(other, { activite: 'Pirate', person_id: String(me.id), personne: String(me.id), id: String(me.id) });
  assert.equal(res.status, 303);
  assert.equal(own(me), 'Architecte', 'my profile is unchanged');
  assert.equal(own(other), 'Pirate', 'the other member only wrote their own');
  await other.client.get('/compte/profil-annuaire');
  await other.client.post(`/compte/profil-annuaire/retirer?personne=${me.id}`, { person_id: String(me.id) });
  assert.equal(own(me), 'Architecte', 'my profile is still there');
  assert.equal(own(other), '', 'theirs is gone');
  // Without the CSRF token, nothing happens.
  const c = new Client({ session: other.token });
  const forged = await c.postMultipart('/compte/profil-annuaire', { activite: 'Forgé', visibilite: 'public', consentement: '1' });
  assert.equal(forged.status, 403);
  assert.equal(own(other), '');
});

test('another member gets 404 for my booking’s manage link and .ics, and my link is not replaced', async () => {
  const me = account();
  const other = account();
  const day = psql(`SELECT d::date::text FROM generate_series(paris_today() + 50, paris_today() + 200, interval '1 day') g(d)
    WHERE extract(isodow FROM d) BETWEEN 1 AND 5 AND closed_reason(d::date, NULL) IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.day = d::date AND b.source = 'room' AND b.status IN ('held', 'requested', 'confirmed'))
    ORDER BY random() LIMIT 1`);
  const hash = crypto.randomBytes(32).toString('hex');
  const id = psql(`INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source, person_id, contact_name, manage_token_hash, price_cents)
    SELECT r.id, true, :'d'::date, 'am', (:'d'::date + time '08:30') AT TIME ZONE 'Europe/Paris', (:'d'::date + time '12:30') AT TIME ZONE 'Europe/Paris',
      'confirmed', 'room', :p, 'Moi', decode(:'h', 'hex'), 6000 FROM resource r WHERE r.slug = 'salle-de-conference' RETURNING id`,
  { d: day, p: me.id, h: hash });
  for (const p of [`/mes-reservations/${id}.ics`, `/mes-reservations/${id}/gerer`])
    assert.equal((await other.client.get(p)).status, 404, p);
  assert.equal(psql('SELECT encode(manage_token_hash, \'hex\') FROM booking WHERE id = :id', { id }), hash, 'the link is untouched');
  // A visitor is sent to the login page.
  const v = await request({ path: `/mes-reservations/${id}.ics`, localAddress: freshAddr() });
  assert.equal(v.status, 303);
  assert.match(v.header('location'), /^\/connexion\?retour=/);
  // The owner gets both.
  assert.equal((await me.client.get(`/mes-reservations/${id}.ics`)).status, 200);
});

test('a visitor never sees a members-only profile, its photo, nor a member’s data', async () => {
  const m = account('member', { first: 'Discrète' });
  const skill = `secret${runTag}`;
  assert.equal((await profile(m, { activite: 'Avocate', competences: skill }, [{ name: 'photo', filename: 'a.png', type: 'image/png', data: PNG }])).status, 303);
  for (const q of [`competence=${skill}`, 'competence=%25', 'competence=_', 'activite=%25%25', `competence=${encodeURIComponent("' OR 1=1 --")}`]) {
    const res = await request({ path: `/annuaire?${q}&n=${Date.now()}`, localAddress: freshAddr() });
    assert.equal(res.status, 200, q);
    assert.ok(!res.text.includes(m.tag), `${q}: a members-only profile is not shown to visitors`);
  }
  // Wildcards are literal for members too: "%" matches no skill without a "%".
  const member = account();
  const pct = await member.client.get('/annuaire?competence=%25');
  assert.ok(!pct.text.includes(m.tag));
  assert.equal((await request({ path: `/annuaire/photo/${m.id}?n=${Date.now()}`, localAddress: freshAddr() })).status, 404);
  for (const p of ['/compte/donnees', '/compte/donnees.json', '/compte/profil-annuaire']) {
    const res = await request({ path: p, localAddress: freshAddr() });
    assert.equal(res.status, 303, p);
  }
});

test('multipart: refused where no upload is expected, malformed refused, a disguised file served as an image', async () => {
  const m = account();
  await m.client.get('/compte/profil');
  // A route without uploads answers 415 before its handler.
  const res = await m.client.postMultipart('/compte/profil', { prenom: 'X', nom: 'Y' });
  assert.equal(res.status, 415);
  // A body cut in the middle: 400, nothing saved.
  await m.client.get('/compte/profil-annuaire');
  const boundary = 'xyzxyz';
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${m.client.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="activite"\r\n\r\nCoupé`);
  const cut = await request({ method: 'POST', path: '/compte/profil-annuaire', body, localAddress: m.client.localAddress,
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length, Cookie: m.client.cookieHeader() } });
  assert.equal(cut.status, 400);
  assert.equal(own(m), '');
  // HTML behind a PNG signature is stored as a PNG and served as one, never as HTML.
  const disguised = Buffer.concat([PNG.subarray(0, 8), Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
  assert.equal((await profile(m, { activite: 'Testeur', visibilite: 'public' }, [{ name: 'photo', filename: 'x.html', type: 'text/html', data: disguised }])).status, 303);
  const img = await request({ path: `/annuaire/photo/${m.id}?n=${Date.now()}`, localAddress: freshAddr() });
  assert.equal(img.header('content-type'), 'image/png');
  assert.equal(img.header('x-content-type-options'), 'nosniff');
  // A file that is no image at all is refused with a French message.
  const svg = await profile(m, { activite: 'Testeur' }, [{ name: 'photo', filename: 'x.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }]);
  assert.equal(svg.status, 422);
  assert.match(svg.text, /n’est pas une photo acceptée/);
});
