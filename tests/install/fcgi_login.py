"""fcgi_login.py: logs in to installed Fontaine programs straight over their FastCGI sockets, as
a browser behind nginx would: GET /connexion (CSRF cookie and token), POST the form to the
signup program, then GET /admin from the admin program with the session cookie.

    python3 fcgi_login.py SIGNUP_SOCK ADMIN_SOCK EMAIL PASSWORD BASE_URL

Prints TAP lines (numbered from $TAP_START + 1) and, last, "count N failed M"."""
import os
import re
import socket
import struct
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'feed'))
import fcgi  # noqa: E402  (tests/feed/fcgi.py: records and name-value pairs)


def post(sock_path, path, form, headers, timeout=30):
    """Sends one POST with an urlencoded body; returns (status, headers, body)."""
    body = urllib.parse.urlencode(form).encode()
    params = {
        'REQUEST_METHOD': 'POST', 'REQUEST_URI': path, 'SCRIPT_NAME': path, 'DOCUMENT_URI': path,
        'QUERY_STRING': '', 'SERVER_PROTOCOL': 'HTTP/1.1', 'REMOTE_ADDR': '127.0.0.1',
        'SERVER_NAME': '127.0.0.1', 'SERVER_PORT': '80', 'GATEWAY_INTERFACE': 'CGI/1.1',
        'CONTENT_TYPE': 'application/x-www-form-urlencoded', 'CONTENT_LENGTH': str(len(body)),
    }
    for k, v in headers.items():
        params['HTTP_' + k.upper().replace('-', '_')] = v
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    pairs = b''.join(fcgi._pair(k, v) for k, v in params.items())
    s.sendall(fcgi._record(fcgi.FCGI_BEGIN_REQUEST, struct.pack('>HB5x', 1, 0))
              + fcgi._record(fcgi.FCGI_PARAMS, pairs) + fcgi._record(fcgi.FCGI_PARAMS, b'')
              + fcgi._record(fcgi.FCGI_STDIN, body) + fcgi._record(fcgi.FCGI_STDIN, b''))
    data = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    out, i = b'', 0
    while i + 8 <= len(data):
        _, rtype, _, clen, plen = struct.unpack('>BBHHB', data[i:i + 7])
        if rtype == fcgi.FCGI_STDOUT:
            out += data[i + 8:i + 8 + clen]
        i += 8 + clen + plen
    head, _, payload = out.partition(b'\r\n\r\n')
    hdrs, cookies, status = {}, {}, 200
    for line in head.decode('latin-1').split('\r\n'):
        k, _, v = line.partition(':')
        if k.strip().lower() == 'set-cookie':
            name, _, rest = v.strip().partition('=')
            cookies[name] = rest.split(';')[0]
        hdrs[k.strip().lower()] = v.strip()
    if 'status' in hdrs:
        status = int(hdrs['status'].split()[0])
    return status, hdrs, payload, cookies


def cookies_of(sock_path, path, headers):
    """GET path; returns (status, body, {cookie: value}) (fcgi.request keeps one header a name)."""
    status, hdrs, body = fcgi.request(sock_path, path, headers=headers)
    jar = {}
    for m in re.finditer(r'(?:^|, )([a-z_]+)=([A-Za-z0-9_-]+);', hdrs.get('set-cookie', '')):
        jar[m.group(1)] = m.group(2)
    return status, body, jar


def main():
    signup, admin, email, password, base = sys.argv[1:6]
    n, failed = int(os.environ.get('TAP_START', '0')), 0

    def check(cond, what, detail=''):
        nonlocal n, failed
        n += 1
        print(('ok %d - %s' if cond else 'not ok %d - %s') % (n, what))
        if not cond:
            failed += 1
            if detail:
                print('#   ' + detail.replace('\n', '\n#   ')[:1500])
        return cond

    host = urllib.parse.urlparse(base).netloc
    st, body, jar = cookies_of(signup, '/connexion', {'Host': host})
    m = re.search(rb'name="csrf" value="([^"]+)"', body)
    check(st == 200 and m and 'csrf' in jar, 'GET /connexion: 200, a CSRF token and its cookie',
          '%s %s' % (st, jar))
    if not m or 'csrf' not in jar:
        print('count %d failed %d' % (n, failed + 1))
        return
    hdr = {'Host': host, 'Origin': base, 'Cookie': 'csrf=' + jar['csrf']}
    st, hdrs, body, set_cookies = post(signup, '/connexion', {
        'csrf': m.group(1).decode(), 'retour': '/admin', 'email': email, 'mot_de_passe': 'faux-' + password},
        hdr)
    check(st == 422 and 'session' not in set_cookies, 'a wrong password: 422, no session',
          '%s %s' % (st, body[:300]))
    st, hdrs, body, set_cookies = post(signup, '/connexion', {
        'csrf': m.group(1).decode(), 'retour': '/admin', 'email': email, 'mot_de_passe': password}, hdr)
    session = set_cookies.get('session', '')
    check(st == 303 and session, 'POST /connexion as the new admin: 303 and a session cookie',
          '%s %s %s' % (st, hdrs, body[:500]))
    check(hdrs.get('location', '').endswith('/admin'), 'redirected to /admin', hdrs.get('location', ''))
    st, _, body = fcgi.request(admin, '/admin', headers={'Host': host, 'Cookie': 'session=' + session})
    text = body.decode('utf-8', 'replace')
    check(st == 200, 'GET /admin with the session: 200', '%s %s' % (st, text[:500]))
    check('À compléter avant l’ouverture' in text and 'Identité de l’association' in text
          and 'SIREN et SIRET' in text and 'Coordonnées bancaires' in text,
          'the dashboard lists what to fill in first (identity, SIRET, bank details)', text[:3000])
    st, _, body = fcgi.request(admin, '/admin/contenu/organisation',
                               headers={'Host': host, 'Cookie': 'session=' + session})
    check(st == 200 and 'À renseigner' in body.decode('utf-8', 'replace'),
          'the organisation page opens (200) on the placeholder row', str(st))
    # The bank details, from the organisation page: a bad IBAN comes back with a message, a
    # good one is saved and leaves the list of things to fill in.
    hdr_admin = {'Host': host, 'Origin': base, 'Cookie': 'csrf=%s; session=%s' % (jar['csrf'], session)}
    form = {'csrf': m.group(1).decode(), 'iban': 'FR76 3000 6000 0112 3456 7890 188', 'bic': 'BNPAFRPPXXX',
            'ics': 'FR19ZZZ654321'}
    st, _, body, _ = post(admin, '/admin/contenu/organisation/banque', form, hdr_admin)
    check(st == 422 and 'clé de contrôle' in body.decode('utf-8', 'replace'),
          'a wrong IBAN check digit: 422 and a French message', '%s %s' % (st, body[:800]))
    form['iban'] = 'FR14 2004 1010 0505 0001 3M02 606'
    st, hdrs, body, _ = post(admin, '/admin/contenu/organisation/banque', form, hdr_admin)
    check(st == 303 and hdrs.get('location', '').endswith('?ok=banque'), 'a valid IBAN is saved (303)',
          '%s %s' % (st, body[:800]))
    st, _, body = fcgi.request(admin, '/admin', headers={'Host': host, 'Cookie': 'session=' + session})
    text = body.decode('utf-8', 'replace')
    check(st == 200 and 'Coordonnées bancaires' not in text and 'SIREN et SIRET' in text,
          'the dashboard no longer asks for the bank details, still for the SIRET', text[:2000])
    st, _, _ = fcgi.request(admin, '/admin', headers={'Host': host})
    check(st in (302, 303, 401, 403), 'GET /admin without a session is refused (%d)' % st)
    print('count %d failed %d' % (n, failed))


if __name__ == '__main__':
    main()
