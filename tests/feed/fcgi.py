"""fcgi.py: a minimal FastCGI client (one request per connection), to ask a program directly,
without nginx in front (nginx's cache answers conditional GETs itself)."""
import socket
import struct

FCGI_BEGIN_REQUEST, FCGI_END_REQUEST, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR = 1, 3, 4, 5, 6, 7


def _record(rtype, content, request_id=1):
    out = b''
    for i in range(0, max(len(content), 1), 65535):
        chunk = content[i:i + 65535]
        out += struct.pack('>BBHHBx', 1, rtype, request_id, len(chunk), 0) + chunk
        if not content:
            break
    return out


def _pair(name, value):
    def length(n):
        return struct.pack('>B', n) if n < 128 else struct.pack('>I', n | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(len(name)) + length(len(value)) + name + value


def request(sock_path, path, method='GET', headers=None, timeout=30):
    """Sends one request; returns (status, {lower-case header: value}, body bytes)."""
    params = {
        'REQUEST_METHOD': method, 'REQUEST_URI': path, 'SCRIPT_NAME': path.split('?')[0],
        'DOCUMENT_URI': path.split('?')[0], 'QUERY_STRING': path.partition('?')[2],
        'SERVER_PROTOCOL': 'HTTP/1.1', 'REMOTE_ADDR': '127.0.0.1', 'SERVER_NAME': '127.0.0.1',
        'SERVER_PORT': '80', 'GATEWAY_INTERFACE': 'CGI/1.1', 'CONTENT_LENGTH': '',
    }
    for k, v in (headers or {}).items():
        params['HTTP_' + k.upper().replace('-', '_')] = v
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    body = b''.join(_pair(k, v) for k, v in params.items())
    s.sendall(_record(FCGI_BEGIN_REQUEST, struct.pack('>HB5x', 1, 0)) + _record(FCGI_PARAMS, body)
              + _record(FCGI_PARAMS, b'') + _record(FCGI_STDIN, b''))
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
        content = data[i + 8:i + 8 + clen]
        if rtype == FCGI_STDOUT:
            out += content
        i += 8 + clen + plen
    head, _, payload = out.partition(b'\r\n\r\n')
    hdrs, status = {}, 200
    for line in head.decode('latin-1').split('\r\n'):
        k, _, v = line.partition(':')
        hdrs[k.strip().lower()] = v.strip()
    if 'status' in hdrs:
        status = int(hdrs['status'].split()[0])
    return status, hdrs, payload
