/* server.h: the FastCGI process model every program runs: a master and N workers. */
#ifndef FT_SERVER_H
#define FT_SERVER_H
#include "http.h"

/* Parses the command line (-c config, -s socket, -n workers, -p pidfile), loads the
 * configuration and the templates, opens the socket (or takes fd 0), forks the workers and
 * supervises them. Returns the process exit status. */
int server_main(const struct app *app, int argc, char **argv);

/* Handles one request already parsed into req (used by the worker loop and by tests). */
void server_handle(struct request *req, char **envp, struct FCGX_Stream *in);
#endif
