// page_functions.test.mjs: the functions that the programs' statements call to read are
// planned once per session (schema/0045, 0046, 0056, 0058). A LANGUAGE sql function that the
// planner cannot inline (SECURITY DEFINER, or a SET clause) has its body parsed and planned
// again at every call: portal_carnet_history alone cost /compte 0.4 ms a view that way. The
// rule held here: no STABLE or IMMUTABLE function of that kind is named by a program's C
// source, except the data export's two (one call per download). A function that writes is
// left alone: its commit costs more than its plan. The check is shown to fail on a function put
// back in SQL, inside a transaction rolled back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { psql, SRC } from './lib.mjs';

// Asked once per personal-data export (a download of the member's file), not per page view.
const ALLOWED = new Set(['person_export_full', 'person_export_lines']);

// Every C source of the programs, comments removed (a function named in a comment is not called).
function sources(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(c|h|cc)$/.test(e.name)) out.push({ file: path.relative(SRC, p), text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}
const CODE = sources(path.join(SRC, 'cgi')).map(({ file, text }) => ({
  file, text: text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' '),
}));

// The non-inlinable read functions in SQL, as the catalog has them after `before` (SQL run in
// a transaction that is rolled back).
function sqlReadFunctions(before = '') {
  const out = psql(`BEGIN;
${before}
SELECT p.proname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND l.lanname = 'sql' AND p.provolatile IN ('s', 'i')
   AND (p.prosecdef OR p.proconfig IS NOT NULL)
 ORDER BY 1;
ROLLBACK;`);
  return out ? out.split('\n') : [];
}

// Those that a program's source calls: "name(" outside a comment.
function calledByPrograms(names) {
  const hits = [];
  for (const name of names) {
    if (ALLOWED.has(name)) continue;
    const re = new RegExp(`\\b${name}\\s*\\(`);
    for (const { file, text } of CODE) if (re.test(text)) hits.push(`${name} (${file})`);
  }
  return hits;
}

test('no read function a program calls is a LANGUAGE sql function the planner cannot inline', () => {
  const names = sqlReadFunctions();
  assert.deepEqual(calledByPrograms(names), [],
    'these are parsed and planned at every call: write them in PL/pgSQL (see schema/0058)');
  // The exceptions are still there and still called (or this list should shrink).
  for (const name of ALLOWED) {
    assert.ok(CODE.some(({ text }) => new RegExp(`\\b${name}\\s*\\(`).test(text)), `${name} is still called`);
  }
});

test('the check sees a page function put back in SQL', () => {
  const names = sqlReadFunctions(`CREATE OR REPLACE FUNCTION portal_next_invoice(p_person bigint)
RETURNS TABLE (number text, due_on bigint, balance_cents bigint, public_token text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT i.number, extract(epoch FROM i.due_date::timestamp)::bigint,
           i.gross_cents - i.paid_cents, i.public_token
    FROM invoice i WHERE i.person_id = p_person AND i.kind = 'invoice'
      AND i.status IN ('issued', 'partly_paid') ORDER BY i.due_date, i.id LIMIT 1;
$$;`);
  assert.deepEqual(calledByPrograms(names), ['portal_next_invoice (cgi/signup/sql.c)']);
  assert.ok(!sqlReadFunctions().includes('portal_next_invoice'), 'rolled back');
});
