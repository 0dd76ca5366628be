// invoice_list_pages.test.mjs: the staff's invoice list (/admin/factures) by pages of 100,
// keyset-paginated (schema/0031, issue 16): drafts first (newest first), then issued documents
// by chain number, newest first; "Documents suivants" carries the filters and the last row's
// key, and the pages together give every matching document once, in the order one long list
// gave before. A cursor that is not one is ignored (the first page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { get, psql, psqlRows, PROGRAMS } from './lib.mjs';

const RUN = `p${process.pid}x${Date.now().toString(36)}`;
const skip = PROGRAMS.includes('invoice') ? false : 'the invoice program is not in FONTAINE_PROGRAMS';

function staff() {
  const email = `staff.${RUN}.${crypto.randomBytes(3).toString('hex')}@example.org`;
  const token = crypto.randomBytes(32).toString('base64url');
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  psql(`INSERT INTO person (email, first_name, last_name, profile, role, status, password_hash)
    VALUES (:'email', 'Test', 'Pages', 'autre', 'staff', 'active', '$argon2id$v=19$m=65536,t=2,p=1$x$y');
    INSERT INTO session (person_id, token_hash) SELECT id, decode(:'hash', 'hex') FROM person WHERE email = :'email';`,
  { email, hash });
  return `session=${token}`;
}

// The document links of a list page, in page order, and its "next" link.
function rows(html) {
  const ids = [...html.matchAll(/<th scope="row"><a href="\/admin\/factures\/(\d+)">/g)].map((m) => m[1]);
  const next = /<a href="([^"]*)" rel="next">Documents suivants<\/a>/.exec(html);
  return { ids, next: next ? next[1].replace(/&amp;/g, '&') : null };
}

test('the invoice list goes by pages of 100: drafts then issued documents, each once, filters kept', { skip }, async () => {
  const cookie = staff();
  const name = `Client pages ${RUN}`;
  // 98 drafts and 5 issued documents for one customer name: 103 documents, two pages.
  psql(`INSERT INTO invoice (customer_name, customer_street, customer_postcode, customer_city, customer_email)
    SELECT :'name', '1 rue du Test', '47000', 'Agen', 'pages@example.org' FROM generate_series(1, 103);
    INSERT INTO invoice_line (invoice_id, description, quantity_milli, unit_price_cents)
    SELECT id, 'Demi-journée', 1000, 1500 FROM invoice WHERE customer_name = :'name';
    SELECT invoice_issue(id, NULL) FROM (SELECT id FROM invoice WHERE customer_name = :'name' ORDER BY id LIMIT 5) x;`,
  { name });
  // (i.id, not id: ORDER BY id would sort the text output column)
  const want = psqlRows(`SELECT i.id::text AS id FROM invoice i WHERE i.customer_name = :'name'
    ORDER BY i.status = 'draft' DESC, i.chain_seq DESC NULLS LAST, i.id DESC`, { name }).map((r) => r.id);
  assert.equal(want.length, 103);

  const first = await get(`/admin/factures?q=${encodeURIComponent(name)}`, { headers: { Cookie: cookie } });
  assert.equal(first.status, 200);
  const p1 = rows(first.text);
  assert.equal(p1.ids.length, 100, 'a page holds 100 documents');
  assert.match(first.text, /100\s+documents\./);
  assert.ok(p1.next, 'a next-page link');
  assert.match(p1.next, /^\/admin\/factures\?q=[^&]+&etat=&type=&mois=&apres=c\d+$/, p1.next);

  const second = await get(p1.next, { headers: { Cookie: cookie } });
  assert.equal(second.status, 200);
  const p2 = rows(second.text);
  assert.equal(p2.next, null, 'the last page has no next link');
  assert.match(second.text, /3\s+documents sur cette page/);
  assert.match(second.text, /Premiers documents/);
  assert.deepEqual([...p1.ids, ...p2.ids], want, 'the pages give every document once, in list order');

  // Only drafts: the cursor is a draft's (b…), the page after it holds the last drafts.
  const drafts = rows((await get(`/admin/factures?q=${encodeURIComponent(name)}&etat=draft`,
    { headers: { Cookie: cookie } })).text);
  assert.equal(drafts.ids.length, 98);
  assert.equal(drafts.next, null);
  const issued = rows((await get(`/admin/factures?q=${encodeURIComponent(name)}&etat=issued`,
    { headers: { Cookie: cookie } })).text);
  assert.deepEqual(issued.ids, want.slice(98));
  // A month filter keeps the issued documents of that month (by issue date).
  const month = psql(`SELECT to_char(issue_date, 'YYYY-MM') FROM invoice WHERE id = :'id'`, { id: want[98] });
  const inMonth = rows((await get(`/admin/factures?q=${encodeURIComponent(name)}&etat=issued&mois=${month}`,
    { headers: { Cookie: cookie } })).text);
  assert.deepEqual(inMonth.ids, want.slice(98));

  // A cursor that is not one shows the first page.
  for (const bad of ['x1', 'c', 'c12a', 'b-3', 'c99999999999999999999']) {
    const res = await get(`/admin/factures?q=${encodeURIComponent(name)}&apres=${encodeURIComponent(bad)}`,
      { headers: { Cookie: cookie } });
    assert.equal(res.status, 200, bad);
    assert.deepEqual(rows(res.text).ids, p1.ids, bad);
  }

  // 101 drafts of a second customer (its name contains the first's, so it comes last): the
  // first page ends on a draft, the next starts after it.
  const name2 = `${name} bis`;
  psql(`INSERT INTO invoice (customer_name) SELECT :'name' FROM generate_series(1, 101);`, { name: name2 });
  const d1 = rows((await get(`/admin/factures?q=${encodeURIComponent(name2)}`, { headers: { Cookie: cookie } })).text);
  assert.equal(d1.ids.length, 100);
  assert.match(d1.next, /&apres=b\d+$/);
  const d2 = rows((await get(d1.next, { headers: { Cookie: cookie } })).text);
  assert.equal(d2.ids.length, 1);
  assert.ok(!d1.ids.includes(d2.ids[0]));
});
