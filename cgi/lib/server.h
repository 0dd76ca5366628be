/* server.h: the FastCGI process model every program runs: a master and N workers. */
#ifndef FT_SERVER_H
#define FT_SERVER_H
#include "http.h"
#include <stddef.h>

/* Parses the command line (-c config, -s socket, -n workers, -p pidfile), loads the
 * configuration and the templates, opens the socket (or takes fd 0), forks the workers and
 * supervises them. Returns the process exit status. */
int server_main(const struct app *app, int argc, char **argv);

/* Handles one request already parsed into req (used by the worker loop and by tests). */
void server_handle(struct request *req, char **envp, struct FCGX_Stream *in);

/* Writes uri into out[0..n) as the request log shows it: bearer secrets redacted (the values
 * of the query parameters jeton, t, token and e, whatever their case or percent-encoding,
 * and the token segment of /factures/<token>), other bytes than printable ASCII as '?', cut
 * to n - 1 bytes. Returns the length written. */
size_t log_uri(char *out, size_t n, const char *uri);
#endif
