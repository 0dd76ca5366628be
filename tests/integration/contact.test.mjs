// contact.test.mjs: the contact form end to end: CSRF cookie and token, a saved message and
// its staff mail in the outbox, idempotent re-posts, the honeypot, each invalid field shown
// back in French, the CSRF refusals and the per-address rate limit. Each test posts from its
// own loopback address (nginx passes it on as REMOTE_ADDR).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  URL_BASE, get, post, psql, psqlRows, count, openForm, validMessage, freshAddr, hidden,
  csrfCookie, securityHeaderProblems,
} from './lib.mjs';

const staffEmail = () => psql("SELECT coalesce(nullif((SELECT value FROM app_setting WHERE key = 'staff_email'), ''), (SELECT email FROM organisation WHERE id = 1))");
const rowsTagged = (tag) => count('contact_message', "name LIKE '%' || :'tag' || '%' OR email LIKE '%' || :'tag' || '%' OR body LIKE '%' || :'tag' || '%'", { tag });
const outboxTagged = (tag) => count('outbox', "body_text LIKE '%' || :'tag' || '%'", { tag });

test('GET /contact sets the csrf cookie and the form carries csrf and cle', async () => {
  const addr = freshAddr();
  const res = await get('/contact', { localAddress: addr });
  assert.equal(res.status, 200);
  assert.equal(res.header('cache-control'), 'no-store');
  const cookies = (res.all['set-cookie'] || []).filter((c) => c.startsWith('csrf='));
  assert.equal(cookies.length, 1, 'one csrf cookie');
  const attrs = cookies[0].split(/;\s*/);
  assert.match(attrs[0], /^csrf=[A-Za-z0-9_-]{22}$/);
  assert.ok(attrs.includes('HttpOnly'), 'HttpOnly');
  assert.ok(attrs.includes('SameSite=Lax'), 'SameSite=Lax');
  assert.ok(attrs.includes('Path=/'), 'Path=/');
  const token = hidden(res.text, 'csrf');
  assert.match(token || '', /^[A-Za-z0-9_-]{43}$/, 'hidden csrf field');
  assert.match(hidden(res.text, 'cle') || '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'hidden cle field (UUID v4)');
  assert.match(res.text, /<form method="post" action="\/contact" novalidate>/);
  // The same browser (same cookie) keeps its cookie and gets the same token, a new cle.
  const again = await get('/contact', { localAddress: addr, headers: { Cookie: attrs[0] } });
  assert.equal(csrfCookie(again), undefined, 'no new cookie when the browser has one');
  assert.equal(hidden(again.text, 'csrf'), token);
  assert.notEqual(hidden(again.text, 'cle'), hidden(res.text, 'cle'));
});

test('GET /contact?objet= pre-fills the subject, escaped', async () => {
  const res = await get('/contact?objet=Adh%C3%A9sion%20%3Cb%3E%22x%22', { localAddress: freshAddr() });
  assert.equal(res.status, 200);
  assert.match(res.text, /name="objet" type="text" maxlength="200" required value="Adhésion &lt;b&gt;&quot;x&quot;"/);
});

test('a valid message: 303 to /contact/merci, one row, one mail to the staff', async () => {
  const addr = freshAddr();
  const form = await openForm(addr);
  const { tag, fields } = validMessage({ message: `Bonjour,\nj’aimerais visiter l’espace & voir <les> bureaux. ${Date.now()}` });
  const res = await post('/contact', { csrf: form.csrf, cle: form.cle, ...fields, site_web: '' }, { cookie: form.cookie, localAddress: addr });
  assert.equal(res.status, 303);
  assert.equal(res.header('location'), '/contact/merci');
  assert.deepEqual(securityHeaderProblems(res), []);
  const rows = psqlRows(`SELECT name, email, phone, subject, body, host(remote_addr) AS addr, request_key::text AS key
                         FROM contact_message WHERE request_key = :'key'`, { key: form.cle });
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0], {
    name: fields.nom, email: fields.email, phone: fields.telephone, subject: fields.objet,
    body: fields.message, addr, key: form.cle,
  });
  assert.equal(rowsTagged(tag), 1);
  const mails = psqlRows("SELECT to_addr, reply_to, subject, body_text, status FROM outbox WHERE body_text LIKE '%' || :'tag' || '%'", { tag });
  assert.equal(mails.length, 1, 'one outbox row');
  assert.equal(mails[0].to_addr, staffEmail());
  assert.equal(mails[0].reply_to, fields.email);
  assert.equal(mails[0].subject, `Nouveau message de contact : ${fields.objet}`);
  assert.ok(mails[0].body_text.includes(fields.message), 'the mail holds the message');
  assert.ok(mails[0].body_text.includes(fields.nom), 'the mail holds the name');
  // The thank-you page follows.
  const thanks = await get('/contact/merci');
  assert.equal(thanks.status, 200);
  assert.match(thanks.text, /<meta name="robots" content="noindex">/);
});

test('a re-post with the same cle is answered 303 and saved once', async () => {
  const addr = freshAddr();
  const form = await openForm(addr);
  const { tag, fields } = validMessage();
  const body = { csrf: form.csrf, cle: form.cle, ...fields };
  for (let i = 0; i < 3; i++) {
    const res = await post('/contact', body, { cookie: form.cookie, localAddress: addr });
    assert.equal(res.status, 303, `post #${i + 1}`);
    assert.equal(res.header('location'), '/contact/merci');
  }
  assert.equal(rowsTagged(tag), 1, 'one message');
  assert.equal(outboxTagged(tag), 1, 'one mail');
  // Even from another address (a phone that changed network): still once.
  const addr2 = freshAddr();
  const res = await post('/contact', body, { cookie: form.cookie, localAddress: addr2 });
  assert.equal(res.status, 303);
  assert.equal(rowsTagged(tag), 1);
});

test('the honeypot: 303 as if all went well, nothing saved', async () => {
  const addr = freshAddr();
  const form = await openForm(addr);
  const { tag, fields } = validMessage();
  const res = await post('/contact', { csrf: form.csrf, cle: form.cle, ...fields, site_web: 'http://spam.example' }, { cookie: form.cookie, localAddress: addr });
  assert.equal(res.status, 303);
  assert.equal(res.header('location'), '/contact/merci');
  assert.equal(rowsTagged(tag), 0);
  assert.equal(outboxTagged(tag), 0);
});

const INVALID = [
  { what: 'missing name', field: 'nom', set: { nom: '' }, msg: 'Ce champ est obligatoire.' },
  { what: 'name of blanks only', field: 'nom', set: { nom: '   ' }, msg: 'Ce champ est obligatoire.' },
  { what: 'missing e-mail', field: 'email', set: { email: undefined }, msg: 'Ce champ est obligatoire.' },
  { what: 'bad e-mail', field: 'email', set: { email: 'camille.example.org' }, msg: 'Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).' },
  { what: 'e-mail with a space', field: 'email', set: { email: 'camille @example.org' }, msg: 'Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).' },
  { what: 'phone with letters', field: 'telephone', set: { telephone: '05 53 AB CD EF' }, msg: 'Ce numéro de téléphone n’est pas valide (exemple : 05 53 00 00 00).' },
  { what: 'phone too short', field: 'telephone', set: { telephone: '05 53' }, msg: 'Ce numéro de téléphone n’est pas valide (exemple : 05 53 00 00 00).' },
  { what: 'missing subject', field: 'objet', set: { objet: '' }, msg: 'Ce champ est obligatoire.' },
  { what: 'message shorter than 10 characters', field: 'message', set: { message: 'Court ...' }, msg: 'Ce champ doit compter au moins 10 caractères.' },
  { what: 'name of 121 characters', field: 'nom', set: { nom: 'é'.repeat(121) }, msg: 'Ce champ ne doit pas dépasser 120 caractères.' },
  { what: 'subject of 201 characters', field: 'objet', set: { objet: 'x'.repeat(201) }, msg: 'Ce champ ne doit pas dépasser 200 caractères.' },
  { what: 'message of 5001 characters', field: 'message', set: { message: 'a'.repeat(5001) }, msg: 'Ce champ ne doit pas dépasser 5000 caractères.' },
  { what: 'control character U+0001 in the name', field: 'nom', set: { nom: 'Camille\u0001Test' }, msg: 'Ce champ contient des caractères non autorisés.' },
  { what: 'line feed in the subject', field: 'objet', set: { objet: 'Objet\r\nBcc: x@example.org' }, msg: 'Ce champ contient des caractères non autorisés.' },
  { what: 'C1 control U+0085 in the name', field: 'nom', set: { nom: 'Camille\u0085Test' }, msg: 'Ce champ contient des caractères non autorisés.' },
];

for (const c of INVALID) {
  test(`invalid field (${c.what}): 422, French message beside the field, values kept and escaped, nothing saved`, async () => {
    const addr = freshAddr();
    const form = await openForm(addr);
    const { tag, fields } = validMessage({ objet: `<script>alert("objet")</script> ${Date.now()}` });
    if (c.field === 'objet') fields.message = `<script>alert("msg")</script> ${fields.message}`;
    for (const [k, v] of Object.entries(c.set)) {
      if (v === undefined) delete fields[k];
      else fields[k] = v;
    }
    const res = await post('/contact', { csrf: form.csrf, cle: form.cle, ...fields }, { cookie: form.cookie, localAddress: addr });
    assert.equal(res.status, 422);
    assert.equal(res.header('content-type'), 'text/html; charset=utf-8');
    assert.deepEqual(securityHeaderProblems(res), []);
    const html = res.text;
    assert.ok(html.includes(`<p class="error" id="${c.field}-erreur">${c.msg}</p>`), `message beside ${c.field}`);
    assert.match(html, new RegExp(`id="${c.field}" name="${c.field}"[^>]* aria-invalid="true" aria-describedby="${c.field}-erreur"`), `${c.field} is aria-invalid`);
    assert.equal((html.match(/aria-invalid="true"/g) || []).length, 1, 'only that field is invalid');
    assert.match(html, /Le formulaire contient 1\serreur\./);
    // The user's values come back, escaped; the markup never comes back raw.
    assert.ok(!html.includes('<script>alert('), 'no raw <script> from the input');
    if (c.field !== 'objet')
      assert.ok(html.includes(`value="&lt;script&gt;alert(&quot;objet&quot;)&lt;/script&gt; `), 'subject redisplayed, escaped');
    if (c.field !== 'email' && fields.email)
      assert.ok(html.includes(`value="${fields.email}"`), 'e-mail redisplayed');
    if (c.field === 'objet' && c.set.objet)
      assert.ok(html.includes('&lt;script&gt;alert(&quot;msg&quot;)&lt;/script&gt;'), 'message redisplayed, escaped');
    // The form can be sent again: same csrf token, same cle.
    assert.equal(hidden(html, 'csrf'), form.csrf);
    assert.equal(hidden(html, 'cle'), form.cle);
    assert.equal(rowsTagged(tag), 0, 'nothing saved');
    assert.equal(count('contact_message', "request_key = :'k'", { k: form.cle }), 0);
    assert.equal(outboxTagged(tag), 0, 'no mail');
  });
}

test('several invalid fields are all reported', async () => {
  const addr = freshAddr();
  const form = await openForm(addr);
  const res = await post('/contact', { csrf: form.csrf, cle: form.cle, nom: '', email: 'x', objet: '', message: '' }, { cookie: form.cookie, localAddress: addr });
  assert.equal(res.status, 422);
  assert.equal((res.text.match(/aria-invalid="true"/g) || []).length, 4);
  assert.match(res.text, /Le formulaire contient 4\serreurs\./);
});

// CSRF: each refusal is a 403 French page and saves nothing.
const CSRF_CASES = [
  { what: 'no token', make: (f, o) => ({ body: { cle: f.cle, ...o }, cookie: f.cookie }) },
  { what: 'no cookie', make: (f, o) => ({ body: { csrf: f.csrf, cle: f.cle, ...o } }) },
  { what: 'a forged token', make: (f, o) => ({ body: { csrf: 'A'.repeat(43), cle: f.cle, ...o }, cookie: f.cookie }) },
  { what: 'the token with one character changed', make: (f, o) => ({ body: { csrf: (f.csrf[0] === 'A' ? 'B' : 'A') + f.csrf.slice(1), cle: f.cle, ...o }, cookie: f.cookie }) },
  { what: 'the cookie value sent as the token', make: (f, o) => ({ body: { csrf: f.cookie.slice(5), cle: f.cle, ...o }, cookie: f.cookie }) },
  { what: 'a valid token with a foreign Origin', make: (f, o) => ({ body: { csrf: f.csrf, cle: f.cle, ...o }, cookie: f.cookie, headers: { Origin: 'https://evil.example' } }) },
  { what: 'a valid token with an Origin that only starts like ours', make: (f, o) => ({ body: { csrf: f.csrf, cle: f.cle, ...o }, cookie: f.cookie, headers: { Origin: `${URL_BASE}.evil.example` } }) },
  { what: 'a valid token from another cookie', other: true, make: (f, o, g) => ({ body: { csrf: g.csrf, cle: f.cle, ...o }, cookie: f.cookie }) },
];

for (const c of CSRF_CASES) {
  test(`POST /contact with ${c.what}: 403, nothing saved`, async () => {
    const addr = freshAddr();
    const form = await openForm(addr);
    const other = c.other ? await openForm(addr) : null;
    if (other) assert.notEqual(other.csrf, form.csrf);
    const { tag, fields } = validMessage();
    const r = c.make(form, fields, other);
    const res = await post('/contact', r.body, { cookie: r.cookie, localAddress: addr, headers: r.headers });
    assert.equal(res.status, 403);
    assert.deepEqual(securityHeaderProblems(res), []);
    assert.match(res.text, /<h1>Accès refusé<\/h1>/);
    assert.match(res.text, /rechargez la page et recommencez/);
    assert.equal(rowsTagged(tag), 0);
  });
}

test('a valid token with our own Origin (or Origin: null) is accepted', async () => {
  for (const origin of [URL_BASE, 'null']) {
    const addr = freshAddr();
    const form = await openForm(addr);
    const { tag, fields } = validMessage();
    const res = await post('/contact', { csrf: form.csrf, cle: form.cle, ...fields }, { cookie: form.cookie, localAddress: addr, headers: { Origin: origin } });
    assert.equal(res.status, 303, `Origin: ${origin}`);
    assert.equal(rowsTagged(tag), 1);
  }
});

test('rate limit: the 6th message within an hour from one address under one e-mail is refused with 429, nothing saved; other e-mails from that address still pass', async () => {
  let addr;
  do addr = freshAddr(); while (count('contact_message', "remote_addr = :'a'::inet", { a: addr }) !== 0);
  const form = await openForm(addr);
  const saved = [];
  const email = validMessage().fields.email;
  for (let i = 1; i <= 5; i++) {
    const f = await openForm(addr);
    const { tag, fields } = validMessage({ email });
    const res = await post('/contact', { csrf: form.csrf, cle: f.cle, ...fields }, { cookie: form.cookie, localAddress: addr });
    assert.equal(res.status, 303, `message #${i}`);
    saved.push({ tag, cle: f.cle, fields });
  }
  assert.equal(count('contact_message', "remote_addr = :'a'::inet", { a: addr }), 5);
  const f6 = await openForm(addr);
  const { tag, fields } = validMessage({ email: email.toUpperCase() });
  const res = await post('/contact', { csrf: form.csrf, cle: f6.cle, ...fields }, { cookie: form.cookie, localAddress: addr });
  assert.equal(res.status, 429, 'the same e-mail (whatever its case) from the same address');
  assert.deepEqual(securityHeaderProblems(res), []);
  assert.match(res.text, /<p class="notice" role="alert">Trop de messages ont été envoyés dans l’heure avec cette adresse e-mail, ou depuis votre réseau\./);
  assert.ok(res.text.includes(`value="${fields.email}"`), 'the values are kept');
  assert.equal(hidden(res.text, 'cle'), f6.cle, 'the same cle, to send again later');
  assert.equal(rowsTagged(tag), 0, 'nothing saved');
  assert.equal(outboxTagged(tag), 0, 'no mail');
  assert.equal(count('contact_message', "remote_addr = :'a'::inet", { a: addr }), 5);
  // A re-post of a message already saved is still answered as a success (idempotent).
  const again = await post('/contact', { csrf: form.csrf, cle: saved[0].cle, ...saved[0].fields }, { cookie: form.cookie, localAddress: addr });
  assert.equal(again.status, 303);
  // Someone else on the same Wi-Fi (same address, another e-mail) is not limited by it.
  const neighbour = validMessage();
  const fn = await openForm(addr);
  const res3 = await post('/contact', { csrf: fn.csrf, cle: fn.cle, ...neighbour.fields }, { cookie: fn.cookie, localAddress: addr });
  assert.equal(res3.status, 303, 'another e-mail behind the same address');
  assert.equal(rowsTagged(neighbour.tag), 1);
  // Another address is not limited.
  const other = freshAddr();
  const o = await openForm(other);
  const m = validMessage({ email });
  const res2 = await post('/contact', { csrf: o.csrf, cle: o.cle, ...m.fields }, { cookie: o.cookie, localAddress: other });
  assert.equal(res2.status, 303);
  assert.equal(rowsTagged(m.tag), 1);
});

test('rate limit: one address has a ceiling of contact_max_per_addr_hour (30) messages an hour, whatever the e-mails', async () => {
  assert.equal(psql(`SELECT value FROM app_setting WHERE key = 'contact_max_per_addr_hour'`), '30');
  assert.equal(psql(`SELECT value FROM app_setting WHERE key = 'contact_max_per_email_hour'`), '5');
  let addr;
  do addr = freshAddr(); while (count('contact_message', "remote_addr = :'a'::inet", { a: addr }) !== 0);
  const form = await openForm(addr);
  for (let i = 1; i <= 30; i++) {
    const f = await openForm(addr);
    const { fields } = validMessage();
    const res = await post('/contact', { csrf: form.csrf, cle: f.cle, ...fields }, { cookie: form.cookie, localAddress: addr });
    assert.equal(res.status, 303, `message #${i}, each from its own e-mail`);
  }
  const f = await openForm(addr);
  const { tag, fields } = validMessage();
  const res = await post('/contact', { csrf: form.csrf, cle: f.cle, ...fields }, { cookie: form.cookie, localAddress: addr });
  assert.equal(res.status, 429, 'the 31st from the address, a new e-mail');
  assert.equal(rowsTagged(tag), 0);
  assert.equal(count('contact_message', "remote_addr = :'a'::inet", { a: addr }), 30);
});
