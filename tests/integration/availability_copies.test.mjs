// availability_copies.test.mjs: a visitor's week of a resource (/disponibilites/<slug>?semaine=)
// comes from each booking worker's copy (cgi/lib/pagecache.c, schema/0063, issue 16), and the
// copies never hide a change: a booking written for a day of the week, a booking cancelled, a
// hold that expires with no write (time is an input of the page), an office's lease, show on
// every following request, whatever worker answers. That the copies are in use is shown by a
// booking written with the triggers off (session_replication_role): the workers' copies do
// not see it, which the counter of schema/0063 is there to prevent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { get, psql, fresh, sleep } from './lib.mjs';

// A session cookie of the wrong shape: nginx's micro-cache is bypassed, no session is read.
const BYPASS = { Cookie: 'session=availability-copies' };
const TAG = `Copies ${process.pid}`;
after(() => {
  psql(`SET session_replication_role = replica; DELETE FROM booking WHERE contact_name = :'t';`, { t: TAG });
});

const ROOM = psql("SELECT slug FROM resource WHERE space_id = 1 AND kind = 'meeting_room' AND active ORDER BY sort_order, id LIMIT 1");
// A week about 30 weeks ahead with a half-day of the room free in the morning and the
// afternoon (no other test books there).
const monday = psql("SELECT (date_trunc('week', current_date + 7 * (30 + (:'n')::int % 20)))::date", { n: String(process.pid) });
const day = psql(`SELECT a.day FROM resource r, availability(r.id, :'m'::date, :'m'::date + 6) a
  WHERE r.slug = :'s' AND a.slot = 'am' AND a.state = 'free'
    AND EXISTS (SELECT 1 FROM availability(r.id, a.day, a.day) p WHERE p.slot = 'pm' AND p.state = 'free')
  ORDER BY a.day LIMIT 1`, { m: monday, s: ROOM });
const week = psql("SELECT to_char(:'m'::date, 'IYYY-\"W\"IW')", { m: monday });
const PAGE = `/disponibilites/${ROOM}?semaine=${week}`;

// The room's booking of day, slot ('am' 09:00-12:00 or 'pm' 14:00-17:00) with status and
// the rest as SQL; replica: written with the triggers off.
function book(slot, status, { replica = false, hold = null } = {}) {
  const [from, to] = slot === 'am' ? ['09:00', '12:00'] : ['14:00', '17:00'];
  return psql(`${replica ? 'SET session_replication_role = replica;' : ''}
    INSERT INTO booking (resource_id, space_id, exclusive, day, slot, starts_at, ends_at, status, source,
                         contact_name, hold_expires_at, confirm_token_hash)
    SELECT r.id, r.space_id, true, :'d'::date, :'slot', (:'d'::date + :'f'::time) AT TIME ZONE 'Europe/Paris',
           (:'d'::date + :'t'::time) AT TIME ZONE 'Europe/Paris', :'st', 'room', :'tag',
           ${hold ?? 'NULL'}, CASE WHEN :'st' = 'held' THEN sha256(random()::text::bytea) END
    FROM resource r WHERE r.slug = :'room' RETURNING id;`,
  { d: day, slot, f: from, t: to, st: status, tag: TAG, room: ROOM }).split('\n').pop();
}

// Whether each of n visitors' pages offers the half-day (its "Réserver" link): an array.
async function offered(slot, n = 16) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const res = await get(fresh(PAGE), { headers: BYPASS });
    assert.equal(res.status, 200, PAGE);
    out.push(res.text.includes(`jour=${day}&amp;creneau=${slot}"`));
  }
  return out;
}
const all = (a, v) => a.every((x) => x === v);

test('a booking written for the week shows on every visitor\'s page at once, though the workers keep copies', async () => {
  assert.match(day, /^\d{4}-\d\d-\d\d$/, 'a free day in the week');
  assert.ok(all(await offered('am', 24), true), 'the morning is offered');
  // Written without the triggers: the counter does not move, and the copies stand.
  const hidden = book('am', 'confirmed', { replica: true });
  const stale = await offered('am', 24);
  assert.ok(stale.filter(Boolean).length >= 12,
    `most pages came from a worker's copy, which cannot see a booking written around the counter (${stale})`);
  psql(`SET session_replication_role = replica; DELETE FROM booking WHERE id = :'id';`, { id: hidden });
  // Written as the product writes: every page shows it.
  const id = book('am', 'confirmed');
  assert.ok(all(await offered('am'), false), 'the booked morning is taken on every page');
  assert.ok(all(await offered('pm'), true), 'the afternoon is still offered');
  psql(`UPDATE booking SET status = 'cancelled', cancelled_at = now() WHERE id = :'id';`, { id });
  assert.ok(all(await offered('am'), true), 'the cancelled morning is offered again on every page');
});

test('a hold taken shows at once, and its expiry with no write shows too', async () => {
  await offered('pm', 8);
  book('pm', 'held', { hold: "now() + interval '3 seconds'" });
  assert.ok(all(await offered('pm'), false), 'a held afternoon is taken on every page');
  await sleep(3500);
  assert.ok(all(await offered('pm'), true), 'once the hold expired, the afternoon is offered on every page');
});

test('a lease of an office moves the shared data, so its copies go too', () => {
  const before = Number(psql('SELECT version FROM shared_data_version'));
  psql(`BEGIN; UPDATE office_lease SET status = status WHERE false; COMMIT;`);
  assert.ok(Number(psql('SELECT version FROM shared_data_version')) > before,
    'a statement on office_lease moves shared_data_version');
});

test('a logged-in member never gets a visitor\'s copy, and no copy is made of a member\'s page', async () => {
  await offered('am', 8);
  const token = `avail${process.pid}${Date.now()}`.padEnd(43, 'x').slice(0, 43);
  // The session's hash is BLAKE2b-256 of the token (cgi/lib/session.c): made with Python.
  const hash = execFileSync('/usr/bin/python3', ['-c',
    'import hashlib, sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())', token],
  { encoding: 'utf8' }).trim();
  psql(`INSERT INTO session (person_id, token_hash)
        SELECT id, decode(:'h', 'hex') FROM person WHERE role = 'member' AND status = 'active' ORDER BY id LIMIT 1;`, { h: hash });
  try {
    for (let i = 0; i < 8; i++) {
      const res = await get(fresh(PAGE), { headers: { Cookie: `session=${token}` } });
      assert.equal(res.status, 200);
      assert.ok(res.text.includes('/deconnexion"'), 'the member\'s own page, logged in');
    }
    const visitor = await get(fresh(PAGE), { headers: BYPASS });
    assert.ok(!visitor.text.includes('/deconnexion"'), 'a visitor\'s page is not the member\'s');
  } finally {
    psql(`DELETE FROM session WHERE token_hash = decode(:'h', 'hex');`, { h: hash });
  }
});
