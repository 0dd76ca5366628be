/* smtp.c: hands a built message to the SMTP server with libcurl (smtp://, smtps://, STARTTLS). */
#include "mailer.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smtp {
	CURL *curl;
	char *url, *from, *user, *password, *ca_file;
	bool tls;
	long timeout_s;
};

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_upload(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(dst, u->data + u->pos, n);
	u->pos += n;
	return n;
}

static char *dup_or_null(const char *s)
{
	char *d = s && *s ? strdup(s) : NULL;
	if (s && *s && !d)
		abort();
	return d;
}

struct smtp *smtp_open(const char *url, const char *from_spec, bool tls, const char *user,
		       const char *password, const char *ca_file, long timeout_s)
{
	struct smtp *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->url = dup_or_null(url);
	size_t n = strlen(from_spec) + 3;
	if (!(s->from = malloc(n)))
		abort();
	snprintf(s->from, n, "<%s>", from_spec);
	s->user = dup_or_null(user);
	s->password = dup_or_null(password);
	s->ca_file = dup_or_null(ca_file);
	s->tls = tls;
	s->timeout_s = timeout_s > 0 ? timeout_s : 120;
	return s;
}

void smtp_close(struct smtp *s)
{
	if (!s)
		return;
	if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s->from);
	free(s->user);
	free(s->password);
	free(s->ca_file);
	free(s);
}

/* Returns true for the replies that refuse this message or recipient for good. Auth and
 * service replies (530, 535, 554 at greeting...) are left to retry: they are the
 * configuration's or the server's state, not the message's. */
static bool permanent_reply(long code)
{
	return code == 501 || code == 550 || code == 551 || code == 552 || code == 553;
}

enum smtp_result smtp_send(struct smtp *s, const char *rcpt_spec, const char *message,
			   size_t len, char *err, size_t errlen)
{
	err[0] = '\0';
	/* One handle for the life of the daemon: libcurl keeps the SMTP connection open
	 * between messages of a batch. */
	if (!s->curl && !(s->curl = curl_easy_init())) {
		snprintf(err, errlen, "curl_easy_init failed");
		return SMTP_RETRY;
	}
	char rcpt[330];
	snprintf(rcpt, sizeof rcpt, "<%s>", rcpt_spec);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	if (!rcpts) {
		snprintf(err, errlen, "out of memory");
		return SMTP_RETRY;
	}
	struct upload up = {message, len, 0};
	char curl_err[CURL_ERROR_SIZE] = "";
	CURL *c = s->curl;
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, s->from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout_s);
	if (s->tls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (s->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	/* The handle must not keep pointers to this call's locals. */
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_easy_setopt(c, CURLOPT_READDATA, NULL);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(rcpts);
	if (rc == CURLE_OK)
		return SMTP_SENT;
	/* The server may be mid-transaction: the next message starts on a new connection. */
	curl_easy_cleanup(s->curl);
	s->curl = NULL;
	snprintf(err, errlen, "%s (curl %d, SMTP reply %ld)",
		 curl_err[0] ? curl_err : curl_easy_strerror(rc), (int)rc, code);
	/* The error buffer may end with a newline: last_error is one line. */
	for (char *p = err; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return permanent_reply(code) ? SMTP_PERMANENT : SMTP_RETRY;
}
