#!/usr/bin/python3
"""tests/mail/test_mail.py: the mailer end to end, against a running stack (the `mail` tier).

Rows go into the outbox through psql (as postgres), fontaine-mailer sends them to the stack's
SMTP sink (aiosmtpd, one file per message in the Maildir $FONTAINE_VAR/mail), and Python's
email package judges what arrived. Needs only the variables `./dev test` exports:
FONTAINE_URL, FONTAINE_VAR, FONTAINE_CONFIG, FONTAINE_PGHOST, FONTAINE_DB, FONTAINE_SMTP_PORT.

Run by hand against a stack:  /usr/bin/python3 tests/mail/test_mail.py -v
"""
import base64
import email
import email.policy
import email.utils
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.parse
import uuid

ENV = {k: os.environ.get(k, "") for k in (
    "FONTAINE_URL", "FONTAINE_VAR", "FONTAINE_CONFIG", "FONTAINE_PGHOST", "FONTAINE_DB",
    "FONTAINE_SMTP_PORT")}
PSQL = "/usr/lib/postgresql/15/bin/psql"
# Bounded waits: generous, so that a slow machine is not a failure; the mailer wakes on
# NOTIFY within a second and polls every 5 s.
WAIT_S = 15
MAILDIR = os.path.join(ENV["FONTAINE_VAR"], "mail")
SINK_PIDFILE = os.path.join(ENV["FONTAINE_VAR"], "run", "mail", "smtp.pid")
SINK_LOG = os.path.join(ENV["FONTAINE_VAR"], "log", "smtp.log")


def config(key):
    """Returns the value of key in the stack's configuration file, or None."""
    with open(ENV["FONTAINE_CONFIG"], encoding="utf-8") as f:
        for line in f:
            k, sep, v = line.partition("=")
            if sep and k.strip() == key and not line.lstrip().startswith("#"):
                return v.strip()
    return None


def psql(sql, **variables):
    """Runs sql (from stdin, so :'name' interpolates the variables as quoted literals) as
    postgres; returns the rows as lists of fields (unaligned, tab-separated)."""
    cmd = [PSQL, "-X", "-q", "-h", ENV["FONTAINE_PGHOST"], "-U", "postgres", "-d",
           ENV["FONTAINE_DB"], "-v", "ON_ERROR_STOP=1", "-tA", "-F", "\t"]
    for name, value in variables.items():
        cmd += ["-v", f"{name}={value}"]
    out = subprocess.run(cmd, input=sql, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise AssertionError(f"psql failed: {out.stderr}\n{sql}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def wait_for(what, predicate, timeout=WAIT_S):
    """Polls predicate until it returns a true value (returned), or fails after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def maildir_messages():
    """Returns [(path, raw bytes)] for every message delivered to the sink."""
    found = []
    for sub in ("new", "cur"):
        d = os.path.join(MAILDIR, sub)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                with open(os.path.join(d, name), "rb") as f:
                    found.append((os.path.join(d, name), f.read()))
    return found


def delivered(message_id):
    """Returns the raw delivered copies of the message with this Message-ID."""
    copies = []
    for _, raw in maildir_messages():
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if (msg["Message-ID"] or "").strip() == message_id:
            copies.append(raw)
    return copies


def rows_status(ids):
    """Returns {id: (status, attempts, last_error, message_id)} for the outbox rows ids."""
    rows = psql("SELECT id, status, attempts, coalesce(last_error, ''), coalesce(message_id, '')"
                " FROM outbox WHERE id = ANY(string_to_array(:'ids', ',')::bigint[])",
                ids=",".join(ids))
    return {r[0]: (r[1], int(r[2]), r[3], r[4]) for r in rows}


def wait_sent(ids):
    """Waits until every row of ids is 'sent'; returns rows_status(ids)."""
    def all_sent():
        st = rows_status(ids)
        return st if len(st) == len(ids) and all(s[0] == "sent" for s in st.values()) else None
    try:
        return wait_for(f"outbox rows {ids} to be sent", all_sent)
    except AssertionError as e:
        raise AssertionError(f"{e}: {rows_status(ids)}") from None


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def sink_pid():
    with open(SINK_PIDFILE, encoding="ascii") as f:
        return int(f.read().strip())


def process_alive(pid):
    """Returns true when pid runs (a zombie or a vanished process is not running)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def sink_argv(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return [a.decode() for a in f.read().split(b"\0") if a]


def start_sink(argv):
    """Starts the sink the way ./dev does: its own session, stdin closed, output appended to
    the sink's log, pid in its pid file (so that ./dev down stops it)."""
    pid = os.posix_spawnp(argv[0], argv, os.environ, setsid=True, file_actions=[
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, SINK_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2)])
    with open(SINK_PIDFILE, "w", encoding="ascii") as f:
        f.write(f"{pid}\n")
    wait_for("the SMTP sink to listen", lambda: port_open(int(ENV["FONTAINE_SMTP_PORT"])))


def insert_message(to_addr, subject, body_text, body_html=None, reply_to=None,
                   attachments=()):
    """Queues one message (with its attachments, in one transaction); returns its id."""
    sql = ["BEGIN;",
           "INSERT INTO outbox (to_addr, reply_to, subject, body_text, body_html)"
           " VALUES (:'to', nullif(:'reply', ''), :'subject', :'text', nullif(:'html', ''))"
           " RETURNING id \\gset m_",
           ]
    v = {"to": to_addr, "reply": reply_to or "", "subject": subject, "text": body_text,
         "html": body_html or ""}
    for i, (filename, ctype, data) in enumerate(attachments):
        sql.append(f"INSERT INTO outbox_attachment (outbox_id, filename, content_type, body)"
                   f" VALUES (:m_id, :'f{i}', :'t{i}', decode(:'b{i}', 'base64'));")
        v[f"f{i}"] = filename
        v[f"t{i}"] = ctype
        v[f"b{i}"] = base64.b64encode(data).decode()
    sql += ["COMMIT;", "SELECT :m_id;"]
    return psql("\n".join(sql) + "\n", **v)[0][0]


def row(id_):
    r = psql("SELECT message_id, to_addr, coalesce(reply_to, ''), subject,"
             " extract(epoch FROM created_at)::bigint, status, attempts,"
             " coalesce(last_error, ''), sent_at IS NOT NULL"
             " FROM outbox WHERE id = :'id'", id=id_)[0]
    return {"message_id": r[0], "to": r[1], "reply_to": r[2], "subject": r[3],
            "created": int(r[4]), "status": r[5], "attempts": int(r[6]), "last_error": r[7],
            "sent_at": r[8] == "t"}


class MailTest(unittest.TestCase):
    def setUp(self):
        missing = [k for k, v in ENV.items() if not v]
        if missing:
            self.fail(f"missing environment: {', '.join(missing)} (run through ./dev test)")
        self.tag = uuid.uuid4().hex[:12]

    def one_copy(self, message_id):
        """Returns the single delivered copy of message_id, parsed, and checks its form."""
        copies = wait_for(f"{message_id} in the Maildir", lambda: delivered(message_id))
        self.assertEqual(len(copies), 1, f"{message_id} delivered {len(copies)} times")
        raw = copies[0]
        self.assertTrue(all(b < 0x80 for b in raw), "the message is 7-bit")
        longest = max(len(line) for line in raw.splitlines())
        self.assertLessEqual(longest, 998, "no line longer than 998 octets")
        return email.message_from_bytes(raw, policy=email.policy.default)

    def check_headers(self, msg, r):
        self.assertEqual(msg["Message-ID"].strip(), r["message_id"], "Message-ID is the row's")
        self.assertRegex(r["message_id"], r"^<[0-9a-f]{32}\.\d+@[A-Za-z0-9.-]+>$")
        date = email.utils.parsedate_to_datetime(msg["Date"])
        self.assertIsNotNone(date.tzinfo, "Date has a zone offset")
        self.assertLessEqual(abs(date.timestamp() - r["created"]), 1,
                             "Date is the row's created_at")
        want_from = email.utils.parseaddr(config("mail_from"))
        self.assertEqual(email.utils.parseaddr(str(msg["From"])), want_from, "From is mail_from")
        self.assertEqual(email.utils.parseaddr(str(msg["To"]))[1],
                         email.utils.parseaddr(r["to"])[1], "To is to_addr")
        self.assertEqual(str(msg["Subject"]), r["subject"], "Subject decodes to the row's")
        if r["reply_to"]:
            self.assertEqual(email.utils.parseaddr(str(msg["Reply-To"]))[1], r["reply_to"])
        else:
            self.assertIsNone(msg["Reply-To"], "no Reply-To when the row has none")
        self.assertEqual(msg["MIME-Version"], "1.0")
        # The sink records the SMTP envelope.
        self.assertEqual(msg["X-RcptTo"], email.utils.parseaddr(r["to"])[1], "envelope recipient")
        self.assertEqual(msg["X-MailFrom"], want_from[1], "envelope sender")

    def check_sent_row(self, r):
        self.assertEqual(r["status"], "sent")
        self.assertTrue(r["sent_at"], "sent_at is set")
        self.assertEqual(r["last_error"], "", "no last_error after a success")
        self.assertGreaterEqual(r["attempts"], 1)

    # -- 1. outbox rows of every shape ------------------------------------------------------

    def test_1_messages(self):
        tag = self.tag
        text = ("Bonjour Marie,\n\n"
                "Votre carnet de 10 demi-journées est crédité : 12\u202f000,50\u00a0€.\n"
                "Une ligne avec des espaces à la fin   \n"
                ".une ligne qui commence par un point\n"
                "." + "\n"
                + "Une très longue ligne " + "é" * 300 + " fin.\n"
                "\tTabulation en tête, et un = signe égal.\n\n"
                "-- \nLa Fontaine, coworking coopératif à Agen\n")
        html = ("<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour Marie,</p>\n"
                "<p>Votre réservation de la <strong>salle de réunion</strong> est confirmée "
                "pour le mardi 3 mars 2026 de 9\u00a0h à 12\u00a0h.</p>\n"
                "<p style=\"color:#0a4f5c\">" + "à " * 200 + "</p></body></html>\n")
        ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fontaine//FR\r\n"
               "BEGIN:VEVENT\r\nUID:" + tag + "@lafontaine-agen.example\r\n"
               "SUMMARY:Atelier « Bien démarrer en freelance »\r\n"
               "DTSTART;TZID=Europe/Paris:20260303T180000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
               ).encode("utf-8")
        pdf = b"%PDF-1.7\n" + bytes(range(256)) + os.urandom(5000) + b"\n%%EOF\n"
        subject_fr = ("Réservation confirmée : salle de réunion « Garonne » — "
                      "mardi 3 mars 2026, 9\u00a0h–12\u00a0h " + tag)

        ids = {
            "plain": insert_message(f"marie.{tag}@example.org", f"Carnet credite {tag}", text),
            "html": insert_message(f"Marie Lefevre <marie.{tag}@example.org>",
                                   f"Reservation {tag}", text, body_html=html),
            "attach": insert_message(
                f"paul.{tag}@example.org", f"Facture 2026-001 {tag}", text, body_html=html,
                attachments=[("atelier.ics", "text/calendar; charset=utf-8; method=PUBLISH", ics),
                             ("facture n° 2026-001.pdf", "application/pdf", pdf)]),
            "french": insert_message(f"jeanne.{tag}@example.org", subject_fr, text,
                                     reply_to=f"accueil.{tag}@example.net"),
        }
        wait_sent(list(ids.values()))
        rows = {k: row(v) for k, v in ids.items()}
        msgs = {}
        for k, r in rows.items():
            with self.subTest(message=k):
                self.check_sent_row(r)
                msgs[k] = self.one_copy(r["message_id"])
                self.check_headers(msgs[k], r)

        # Plain: a single text/plain part that decodes to the text exactly.
        m = msgs["plain"]
        self.assertEqual(m.get_content_type(), "text/plain")
        self.assertFalse(m.is_multipart())
        self.assertEqual(m.get_content_charset(), "utf-8")
        self.assertEqual(m.get_content(), text)

        # HTML: multipart/alternative, plain first, both decode exactly.
        m = msgs["html"]
        self.assertEqual(m.get_content_type(), "multipart/alternative")
        parts = list(m.iter_parts())
        self.assertEqual([p.get_content_type() for p in parts], ["text/plain", "text/html"])
        self.assertEqual(parts[0].get_content(), text)
        self.assertEqual(parts[1].get_content(), html)
        self.assertEqual(email.utils.parseaddr(str(m["To"])),
                         ("Marie Lefevre", f"marie.{tag}@example.org"))

        # Attachments: multipart/mixed around the alternative body, bytes identical.
        m = msgs["attach"]
        self.assertEqual(m.get_content_type(), "multipart/mixed")
        self.assertEqual(m.get_body(("plain",)).get_content(), text)
        self.assertEqual(m.get_body(("html",)).get_content(), html)
        atts = list(m.iter_attachments())
        self.assertEqual([a.get_filename() for a in atts],
                         ["atelier.ics", "facture n° 2026-001.pdf"])
        self.assertEqual([a.get_content_type() for a in atts],
                         ["text/calendar", "application/pdf"])
        self.assertEqual(atts[0].get_param("method"), "PUBLISH")
        self.assertEqual(atts[0].get_payload(decode=True), ics, ".ics bytes identical")
        self.assertEqual(atts[1].get_payload(decode=True), pdf, "PDF bytes identical")

        # Non-ASCII subject: encoded on the wire, French once decoded.
        m = msgs["french"]
        raw = delivered(rows["french"]["message_id"])[0]
        self.assertIn(b"=?UTF-8?B?", raw.split(b"\n\n")[0].split(b"\r\n\r\n")[0],
                      "the subject is RFC 2047-encoded on the wire")
        self.assertEqual(str(m["Subject"]), subject_fr)
        self.assertEqual(email.utils.parseaddr(str(m["Reply-To"]))[1],
                         f"accueil.{tag}@example.net")

    # -- 2. the contact form, end to end ----------------------------------------------------

    def test_2_contact_form(self):
        url = urllib.parse.urlsplit(ENV["FONTAINE_URL"])
        # The form is rate-limited per address: a loopback address of its own per run.
        source = f"127.0.9.{random.randint(2, 254)}"
        while True:
            # A fresh address, unless its hour of rate limit is over.
            used = psql("SELECT count(*) FROM contact_message WHERE remote_addr = :'a'"
                        " AND created_at > now() - interval '1 hour'", a=source)[0][0]
            if used == "0":
                break
            source = f"127.{random.randint(10, 250)}.{random.randint(0, 255)}." \
                     f"{random.randint(2, 254)}"

        def request(method, path, body=None, headers=None):
            c = http.client.HTTPConnection(url.hostname, url.port, timeout=30,
                                           source_address=(source, 0))
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            c.close()
            return r, data.decode("utf-8", "replace")

        r, page = request("GET", "/contact")
        self.assertEqual(r.status, 200)
        cookie = re.search(r"(?:^|[;,]\s*)csrf=([A-Za-z0-9_-]+)", r.getheader("Set-Cookie", ""))
        self.assertIsNotNone(cookie, "GET /contact sets the csrf cookie")
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        key = re.search(r'name="cle" value="([^"]+)"', page)
        self.assertTrue(token and key, "the form carries csrf and cle")

        tag = self.tag
        objet = f"Location de la salle de réunion — test {tag}"
        visitor = f"visiteur.{tag}@example.net"
        message = ("Bonjour,\nNous souhaiterions louer la salle de réunion un mardi matin "
                   "pour 8 personnes.\nMerci !")
        form = urllib.parse.urlencode({
            "csrf": token.group(1), "cle": key.group(1), "nom": "Élodie Martin",
            "email": visitor, "telephone": "05 53 00 00 00", "objet": objet,
            "message": message,
        })
        r, _ = request("POST", "/contact", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrf={cookie.group(1)}"})
        self.assertEqual(r.status, 303, "the message is accepted")
        self.assertEqual(urllib.parse.urlsplit(r.getheader("Location")).path, "/contact/merci")

        subject = f"Nouveau message de contact : {objet}"
        ids = wait_for("the staff notification in the outbox", lambda: [
            x[0] for x in psql("SELECT id FROM outbox WHERE subject = :'s'", s=subject)])
        self.assertEqual(len(ids), 1, "one notification per message")
        wait_sent(ids)
        r = row(ids[0])
        self.check_sent_row(r)
        msg = self.one_copy(r["message_id"])
        self.check_headers(msg, r)
        staff = psql("SELECT coalesce(nullif((SELECT value FROM app_setting"
                     " WHERE key = 'staff_email'), ''), (SELECT email FROM organisation WHERE id = 1))")[0][0]
        self.assertEqual(email.utils.parseaddr(str(msg["To"]))[1], staff, "sent to the staff")
        self.assertEqual(email.utils.parseaddr(str(msg["Reply-To"]))[1], visitor,
                         "Reply-To is the visitor")
        self.assertEqual(str(msg["Subject"]), subject)
        body = msg.get_body(("plain",)).get_content()
        for expected in ("Nom : Élodie Martin", f"Courriel : {visitor}",
                         "Téléphone : 05 53 00 00 00", f"Objet : {objet}", message):
            self.assertIn(expected, body)

    # -- 4. a newsletter: List-Unsubscribe one-click (RFC 8058), HTML beside the text ---------

    def test_4_newsletter(self):
        url = urllib.parse.urlsplit(ENV["FONTAINE_URL"])
        jar = {}

        def request(method, path, fields=None, headers=None, cookies=True):
            c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            h = dict(headers or {})
            if cookies and jar:
                h["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
            body = None
            if fields is not None:
                body = urllib.parse.urlencode(fields)
                h["Content-Type"] = "application/x-www-form-urlencoded"
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read().decode("utf-8", "replace")
            for v in r.headers.get_all("Set-Cookie") or []:
                k, _, rest = v.partition("=")
                jar[k.strip()] = rest.split(";", 1)[0]
            c.close()
            return r, data

        def csrf(page):
            return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

        tag = self.tag
        member = f"lettre.{tag}@example.org"
        psql("INSERT INTO person (email, first_name, last_name, profile, status, email_verified_at,"
             " newsletter, newsletter_at, password_hash) SELECT :'e', 'Inès', 'Lectrice', 'independant',"
             " 'active', now(), true, now(), password_hash FROM person"
             " WHERE email = 'equipe@lafontaine-agen.example'", e=member)
        r, page = request("GET", "/connexion")
        r, _ = request("POST", "/connexion", {"csrf": csrf(page), "email": "equipe@lafontaine-agen.example",
                                               "mot_de_passe": "fontaine-demo-2026", "retour": "/admin"})
        self.assertEqual(r.status, 303, "the team logs in")
        r, page = request("GET", "/admin/lettre")
        self.assertEqual(r.status, 200)
        subject = f"Nouvelles de la Fontaine {tag}"
        body = ("Un paragraphe avec du **gras** et un [lien](https://example.org/programme).\n\n"
                "- premier point\n- second point\n\n<script>alert(1)</script> & <b>fin</b>")
        r, _ = request("POST", "/admin/lettre", {"csrf": csrf(page), "destinataires": "membres",
                                                 "sujet": subject, "message": body, "action": "envoyer"})
        self.assertEqual(r.status, 303, "the newsletter is queued")
        ids = wait_for("the newsletter to the member in the outbox", lambda: [
            x[0] for x in psql("SELECT id FROM outbox WHERE subject = :'s' AND to_addr = :'t'",
                               s=subject, t=member)])
        self.assertEqual(len(ids), 1)
        wait_sent(ids)
        rr = row(ids[0])
        msg = self.one_copy(rr["message_id"])
        self.check_headers(msg, rr)
        # RFC 2369 / RFC 8058: one https (here http, the test stack's) URL in angle brackets,
        # and the one-click POST header.
        lu = str(msg["List-Unsubscribe"])
        m = re.fullmatch(r"<(https?://[^>]+/desinscription/un-clic\?e=[^&>]+&t=[A-Za-z0-9_-]{43})>", lu)
        self.assertIsNotNone(m, f"List-Unsubscribe: {lu}")
        self.assertEqual(str(msg["List-Unsubscribe-Post"]), "List-Unsubscribe=One-Click")
        # multipart/alternative: the text as written, the HTML from the Markdown (cmark, safe).
        self.assertEqual(msg.get_content_type(), "multipart/alternative")
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        self.assertIn("Un paragraphe avec du **gras**", text)
        self.assertIn("<strong>gras</strong>", html)
        self.assertIn('<a href="https://example.org/programme">lien</a>', html)
        self.assertIn("<li>premier point</li>", html)
        self.assertNotIn("<script>", html, "raw HTML is dropped")
        self.assertNotIn("<b>fin</b>", html)
        self.assertIn("Bonjour Inès,", html)
        self.assertIn("/desinscription?e=", html, "the unsubscribe button is still there")
        # The one-click POST, as a mail client sends it: no cookie, no CSRF token.
        target = urllib.parse.urlsplit(m.group(1))
        path = target.path + "?" + target.query
        r, _ = request("POST", path, {"List-Unsubscribe": "Other"}, cookies=False)
        self.assertEqual(r.status, 400, "only List-Unsubscribe=One-Click")
        self.assertEqual(psql("SELECT newsletter FROM person WHERE email = :'e'", e=member)[0][0], "t")
        bad = path.replace("&t=", "&t=A") if "&t=A" not in path else path.replace("&t=A", "&t=B")
        r, _ = request("POST", bad, {"List-Unsubscribe": "One-Click"}, cookies=False)
        self.assertEqual(r.status, 400, "a tampered token unsubscribes nobody")
        r, page = request("POST", path, {"List-Unsubscribe": "One-Click"}, cookies=False)
        self.assertEqual(r.status, 200, page[:300])
        self.assertEqual(psql("SELECT newsletter FROM person WHERE email = :'e'", e=member)[0][0], "f")
        self.assertEqual(psql("SELECT count(*) FROM newsletter_optout WHERE email_lower = :'e'",
                              e=member)[0][0], "1")
        # Opened in a browser, the address leads to the page that asks for a confirmation.
        r, _ = request("GET", path, cookies=False)
        self.assertEqual(r.status, 303)
        self.assertTrue(r.getheader("Location").startswith("/desinscription?e="))

    # -- 5. reminders the day before, queued once by the mailer --------------------------------

    def test_5_reminders(self):
        tag = self.tag
        lead = int(psql("SELECT value FROM app_setting WHERE key = 'booking_reminder_hours'")[0][0])
        self.assertEqual(lead, 24)
        person = psql("INSERT INTO person (email, first_name, last_name, profile, status, email_verified_at,"
                      " password_hash) SELECT :'e', 'Rémi', 'Rappel', 'independant', 'active', now(), password_hash"
                      " FROM person WHERE email = 'equipe@lafontaine-agen.example' RETURNING id",
                      e=f"rappel.{tag}@example.org")[0][0]
        # Three desk bookings, inserted as the past would have made them (triggers off: the
        # desk rules are not under test here): tomorrow, booked a week ago (reminded); tomorrow,
        # booked an hour ago (not: made less than a day ahead); in five days (not yet).
        def booking(starts, created, label, slot="am"):
            return psql(
                "BEGIN; SET LOCAL session_replication_role = replica;"
                " INSERT INTO booking (resource_id, exclusive, day, slot, starts_at, ends_at, status, source,"
                "  person_id, contact_name, email, created_at, confirmed_at, terms)"
                " SELECT r.id, false, (s AT TIME ZONE 'Europe/Paris')::date, :'slot', s, s + interval '4 hours',"
                "  'confirmed', 'desk', :'p', :'n', :'e', c, c, '' FROM resource r,"
                "  (SELECT now() + (:'starts')::interval AS s, now() - (:'created')::interval AS c) t"
                "  WHERE r.kind = 'open_space' ORDER BY r.sort_order, r.id LIMIT 1 RETURNING id \\gset b_\n"
                "COMMIT; SELECT :b_id;",
                p=person, n=f"Rémi {label}", e=f"rappel.{tag}@example.org", starts=starts, created=created,
                slot=slot)[0][0]
        due = booking("20 hours", "7 days", "due")
        late = booking("20 hours", "1 hour", "late", "pm")
        later = booking("5 days", "7 days", "later")
        # The running mailer queues due reminders every minute, by itself.
        wait_for("the mailer to queue the reminder", lambda: psql(
            "SELECT 1 FROM booking WHERE id = :'a' AND reminded_at IS NOT NULL", a=due), timeout=90)
        again = int(psql("SELECT count(*) FROM booking WHERE id IN (:'a', :'b', :'c') AND reminded_at IS NOT NULL",
                         a=due, b=late, c=later)[0][0])
        self.assertEqual(again, 1, "only the booking made a week ahead and due tomorrow")
        psql("SELECT booking_queue_reminders()")
        rows = psql("SELECT id FROM outbox WHERE to_addr = :'e' AND subject LIKE 'Rappel : %'",
                    e=f"rappel.{tag}@example.org")
        self.assertEqual(len(rows), 1, "one reminder, once, whatever the runs")
        wait_sent([rows[0][0]])
        rr = row(rows[0][0])
        msg = self.one_copy(rr["message_id"])
        self.check_headers(msg, rr)
        text = msg.get_body(("plain",)).get_content()
        self.assertIn("Bonjour Rémi due,", text)
        self.assertIn("votre demi-journée de coworking", text)
        self.assertRegex(text, r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2}(er)? \w+ 20\d\d, de \d")
        psql("BEGIN; SET LOCAL session_replication_role = replica;"
             " DELETE FROM booking WHERE id IN (:'a', :'b', :'c'); COMMIT;", a=due, b=late, c=later)

    # -- 3. resilience: the SMTP server goes away and comes back ----------------------------

    def test_3_smtp_outage(self):
        port = int(ENV["FONTAINE_SMTP_PORT"])
        pid = sink_pid()
        argv = sink_argv(pid)
        self.assertIn("aiosmtpd", " ".join(argv), "the pid file names the SMTP sink")
        os.kill(pid, signal.SIGTERM)
        try:
            wait_for("the SMTP sink to stop", lambda: not process_alive(pid))
            wait_for("the SMTP port to close", lambda: not port_open(port))

            tag = self.tag
            ids = [insert_message(f"outage.{i}.{tag}@example.org", f"Panne SMTP {i} {tag}",
                                  f"Message {i} envoyé pendant la panne.\n") for i in range(5)]

            def tried():
                st = rows_status(ids)
                return st if all(s[1] >= 1 and s[2] for s in st.values()) else None
            before = wait_for("the mailer to try the 5 messages", tried)
            for id_, (status, attempts, last_error, _) in before.items():
                with self.subTest(id=id_):
                    self.assertEqual(status, "queued", "kept in the queue, not lost, not failed")
                    self.assertGreaterEqual(attempts, 1)
                    self.assertNotEqual(last_error, "", "last_error says why")
            due = psql("SELECT count(*) FROM outbox WHERE id = ANY(string_to_array(:'ids', ',')"
                       "::bigint[]) AND next_attempt_at > now()", ids=",".join(ids))[0][0]
            self.assertEqual(due, "5", "the next attempt is backed off")
            self.assertEqual(len({s[3] for s in before.values() if s[3]}), 5,
                             "each kept Message-ID is distinct")

            start_sink(argv)
            # Skip the back-off instead of waiting 30 s.
            psql("UPDATE outbox SET next_attempt_at = now()"
                 " WHERE id = ANY(string_to_array(:'ids', ',')::bigint[])", ids=",".join(ids))
            st = wait_sent(ids)
            for id_, (status, attempts, last_error, message_id) in st.items():
                with self.subTest(id=id_):
                    self.assertGreaterEqual(attempts, 2, "sent on a later attempt")
                    self.assertEqual(last_error, "")
                    self.assertEqual(message_id, before[id_][3], "the Message-ID was kept")
                    self.one_copy(message_id)  # exactly one copy
        finally:
            # Whatever failed, leave the stack with its sink.
            if not port_open(port):
                start_sink(argv)


if __name__ == "__main__":
    unittest.main(verbosity=2)
