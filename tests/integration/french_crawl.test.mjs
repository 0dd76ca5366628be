// french_crawl.test.mjs: what a person reads is French. As a visitor, a member and staff (the
// demo admin), every GET route of the C route tables (cgi/*/main.c) that takes no parameter is
// fetched, and then every same-site link those pages lead to (pages with parameters: an event,
// a member, an invoice, a booking…), a few hundred pages per role. The visible text of each
// HTML page (no tags, attributes, <code>, <pre>, <textarea>) must show no ISO date
// (2026-03-01), no internal code of the database (the snake_case values of its CHECK
// constraints: carnet_10, open_space, walk_in…, and the English codes person, funding…), no
// decimal point in a number (80.0 m²) and no "1 factures" or "4 compte(s)" plural.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { request, psql, hidden, freshAddr, formBody, SRC } from './lib.mjs';

const PASSWORD = 'fontaine-demo-2026';
const RANK = { public: 0, member: 1, staff: 2, admin: 3 };
const MAX_PAGES = 350;
const MAX_PER_PATH = 3;

/** GET patterns of every program's route table, with the least role each needs. */
function getRoutes() {
  const out = [];
  const cgi = path.join(SRC, 'cgi');
  for (const dir of fs.readdirSync(cgi)) {
    const f = path.join(cgi, dir, 'main.c');
    if (!fs.existsSync(f)) continue;
    const src = fs.readFileSync(f, 'utf8');
    const table = /static const struct route \w+\[\] = \{([\s\S]*?)\n\};/.exec(src);
    if (!table) continue;
    for (const m of table[1].matchAll(/\{\s*([A-Z_| ]+?)\s*,\s*"([^"]*)"\s*,\s*\w+\s*,\s*[^,{}]+?\s*,\s*ROLE_([A-Z]+)\s*\}/g)) {
      if (m[1].split('|').some((s) => ['M_READ', 'M_GET'].includes(s.trim()))) {
        out.push({ pattern: m[2], role: m[3].toLowerCase() });
      }
    }
  }
  assert.ok(out.length > 40, `parsed ${out.length} GET routes from cgi/*/main.c`);
  return out;
}

/** Internal codes: string literals of the schema's CHECK constraints that no French text has. */
function internalCodes() {
  const defs = psql(`SELECT string_agg(pg_get_constraintdef(oid), ' ') FROM pg_constraint
                     WHERE contype = 'c' AND connamespace = 'public'::regnamespace`);
  const literals = new Set([...defs.matchAll(/'([a-z][a-z0-9_]*)'::text/g)].map((m) => m[1]));
  // Code tables: prices (carnet_10…), booking options, funders' kinds.
  for (const c of psql(`SELECT string_agg(code, ' ') FROM (SELECT code FROM price WHERE space_id = 1 UNION SELECT code FROM booking_option) c`).split(' ')) {
    if (c) literals.add(c);
  }
  // English words used as codes that a French page never needs (French words such as
  // "public" or "total" are not codes to a reader).
  const english = ['person', 'funding', 'company', 'member', 'staff', 'invoice', 'credit_note',
    'confirmed', 'cancelled', 'requested', 'declined', 'pending', 'paid', 'unpaid', 'draft',
    'issued', 'meeting_room', 'office', 'open_space', 'grant', 'walk_in', 'month'];
  const codes = [...literals].filter((c) => /_|\d/.test(c) || english.includes(c));
  // Table names (the audit log names the rows it shows), but those that are French words
  // ("space" is the "open space" of French coworking pages).
  for (const t of psql(`SELECT string_agg(table_name, ' ') FROM information_schema.tables
                        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`).split(' ')) {
    if (t && !['session', 'organisation', 'space'].includes(t) && !codes.includes(t)) codes.push(t);
  }
  assert.ok(codes.includes('carnet_10') || codes.some((c) => c.startsWith('carnet')),
    `the schema's codes were read (${codes.length})`);
  return codes;
}

class Client {
  constructor() {
    this.localAddress = freshAddr();
    this.jar = new Map();
  }

  keep(res) {
    for (const c of res.all['set-cookie'] || []) {
      const m = /^([^=;\s]+)=([^;]*)/.exec(c);
      if (!m) continue;
      if (m[2] === '' || /;\s*Max-Age=0(;|$)/i.test(c)) this.jar.delete(m[1]);
      else this.jar.set(m[1], m[2]);
    }
    return res;
  }

  headers() {
    return this.jar.size ? { Cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(p) {
    return this.keep(await request({ path: p, headers: this.headers(), localAddress: this.localAddress }));
  }

  async login(email) {
    const form = await this.get('/connexion');
    const body = formBody({ csrf: hidden(form.text, 'csrf'), email, mot_de_passe: PASSWORD, retour: '/compte' });
    const res = this.keep(await request({
      method: 'POST', path: '/connexion', body, localAddress: this.localAddress,
      headers: { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
    }));
    assert.equal(res.status, 303, `login of ${email}`);
    assert.ok(this.jar.has('session'));
  }
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text a person sees on an HTML page. */
export function visibleText(html) {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|code|pre|textarea|svg)\b[\s\S]*?<\/\1>/gi, ' ')
    // The audit log's before → after lines show stored values as they are, on purpose.
    .replace(/<ul class="changes">[\s\S]*?<\/ul>/g, ' ')
    // a table cell, a list item or a paragraph ends what is read with it ("0" then the next
    // row's address is not "0 https")
    .replace(/<\/(td|th|li|p|h[1-6])>/gi, ' ¶ ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
      if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ');
}

/** What is wrong with the visible text: one line per slip. */
export function slips(text, codes) {
  const out = [];
  const around = (i, len) => text.slice(Math.max(0, i - 40), i + len + 40).trim();
  for (const m of text.matchAll(/(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])/g)) out.push(`ISO date "${m[0]}": …${around(m.index, m[0].length)}…`);
  for (const m of text.matchAll(/(?<![\d.,])\d+\.\d+(?![\d.])/g)) out.push(`decimal point "${m[0]}": …${around(m.index, m[0].length)}…`);
  const singular = new Set(['mois', 'fois', 'temps', 'prix', 'choix', 'corps', 'pas', 'plus', 'sans', 'sous', 'vers', 'dans', 'après', 'depuis', 'jusqu', 'bras', 'repas', 'cours', 'poids', 'mars']);
  // The noun ends where letters end (\b would end "refusé" after "refus").
  for (const m of text.matchAll(/(?<![\d\u202f,.])\b[01][\u00a0 ](\p{Ll}{3,}s)(?!\p{L})/gu)) {
    if (!singular.has(m[1])) out.push(`plural after ${m[0][0]}: "${m[0]}": …${around(m.index, m[0].length)}…`);
  }
  for (const m of text.matchAll(/\d[\u00a0\u202f ]\p{L}+\(s\)/gu)) out.push(`plural left open "${m[0]}": …${around(m.index, m[0].length)}…`);
  for (const code of codes) {
    const re = new RegExp(`(?<![\\p{L}\\d_@./-])${code}(?![\\p{L}\\d_@-])`, 'gu');
    for (const m of text.matchAll(re)) out.push(`internal code "${code}": …${around(m.index, code.length)}…`);
  }
  return out;
}

test('the French checks see the slips they are meant to see', () => {
  const codes = ['carnet_10', 'person'];
  assert.equal(slips(visibleText('<p>Le 1er mars 2026, 80 m², 1 facture, 3 factures.</p>'), codes).length, 0);
  assert.equal(slips(visibleText('<p>du 2026-03-01 au 2026-06-30</p>'), codes).length, 2);
  assert.equal(slips(visibleText('<p>Surface : 80.0 m²</p>'), codes).length, 1);
  assert.equal(slips(visibleText('<p>(1 factures)</p><p>des 1 jours</p><p>4 compte(s)</p>'), codes).length, 3);
  assert.equal(slips(visibleText('<td>carnet_10</td><td>person</td>'), codes).length, 2);
  assert.equal(slips(visibleText('<a href="/x?d=2026-03-01" title="person">ok</a><time datetime="2026-03-01">1er mars</time>'), codes).length, 0);
});

// What people typed is theirs: the attack replays sign up a member named "'; DROP TABLE
// person; --", and the members' page then shows "person" as part of a name, not as a code of
// ours. Names and e-mails that hold a code are taken out of the text before the checks.
function typedTexts(codes) {
  const re = `\\m(${codes.map((c) => c.replace(/[^a-z0-9_]/g, '')).filter(Boolean).join('|')})\\M`;
  const out = psql(`SELECT string_agg(v, E'\\x1f') FROM (SELECT DISTINCT v FROM (
                      SELECT first_name AS v FROM person UNION ALL SELECT last_name FROM person
                      UNION ALL SELECT email FROM person) x WHERE v ~* :'re') y`, { re });
  return out.split('\x1f').filter(Boolean).sort((a, b) => b.length - a.length);
}

const SKIP = /\.(ics|rss|csv|pdf|xml|json|txt|css|svg|png)(\?|$)|^\/(deconnexion|static\/)/;

async function crawl(client, role, routes, codes, extra = [], typed = []) {
  const seeds = routes.filter((r) => !r.pattern.includes('{}') && RANK[r.role] <= RANK[role]).map((r) => r.pattern);
  seeds.push(...extra);
  const queue = [...new Set(seeds)].filter((p) => !SKIP.test(p));
  const seen = new Set(queue);
  const perPath = new Map();
  const problems = [];
  let pages = 0;
  while (queue.length && pages < MAX_PAGES) {
    const p = queue.shift();
    const res = await client.get(p);
    pages++;
    assert.ok(res.status < 500, `${role}: GET ${p} answered ${res.status}`);
    if (!(res.headers['content-type'] || '').startsWith('text/html')) continue;
    let text = visibleText(res.text);
    for (const t of typed) text = text.split(t).join(' ');
    for (const s of slips(text, codes)) problems.push(`${role} ${p}: ${s}`);
    for (const m of res.text.matchAll(/<a\b[^>]*\shref="([^"#]+)/g)) {
      const href = m[1].replace(/&amp;/g, '&');
      if (!href.startsWith('/') || href.startsWith('//') || SKIP.test(href) || seen.has(href)) continue;
      const pathname = href.split('?')[0];
      const n = perPath.get(pathname) || 0;
      if (n >= MAX_PER_PATH) continue;
      perPath.set(pathname, n + 1);
      seen.add(href);
      queue.push(href);
    }
  }
  return { pages, problems };
}

test('no ISO date, internal code, decimal point or wrong plural on any page, for every role', async () => {
  const routes = getRoutes();
  const codes = internalCodes();
  const typed = typedTexts(codes);
  const all = [];
  // Pages only a mailed link reaches: a customer's invoices and credit notes.
  const links = psql(`SELECT string_agg('/factures/' || public_token, ' ') FROM
                      (SELECT public_token FROM invoice WHERE number IS NOT NULL ORDER BY id DESC LIMIT 6) i`).split(' ').filter(Boolean);
  for (const [role, email] of [['public', null], ['member', 'membre@lafontaine-agen.example'], ['admin', 'equipe@lafontaine-agen.example']]) {
    const c = new Client();
    if (email) await c.login(email);
    const { pages, problems } = await crawl(c, role, routes, codes, role === 'public' ? links : [], typed);
    console.log(`${role}: ${pages} pages read`);
    assert.ok(pages >= (role === 'public' ? 15 : 25), `${role}: ${pages} pages crawled`);
    all.push(...problems);
  }
  assert.deepEqual([...new Set(all)], [], `slips in what people read:\n${[...new Set(all)].join('\n')}`);
});
