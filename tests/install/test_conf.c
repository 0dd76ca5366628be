/* test_conf.c: unit tests of conf.c: the main file holds no credential, each program reads its
 * own credential file (credentials_dir or $CREDENTIALS_DIRECTORY), which others may not read. */
#include "conf.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static const char *path(const char *name)
{
	static char p[4][512];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

static void write_file(const char *name, mode_t mode, const char *text)
{
	const char *p = path(name);
	FILE *f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
}

static char main_conf[1024];

int main(void)
{
	snprintf(dir, sizeof dir, "%s/fontaine-conf-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	mkdir(path("cred"), 0700);
	mkdir(path("sd"), 0700);
	unsetenv("CREDENTIALS_DIRECTORY");

	/* The main file alone, without credentials. */
	write_file("plain.conf", 0644, "# comment\nbase_url = https://example.org\n  template_dir=/t \n");
	ok(config_load_as(path("plain.conf"), NULL) == 0, "a main file without credentials loads");
	is_str(config_get("base_url", NULL), "https://example.org", "value read");
	is_str(config_get("template_dir", NULL), "/t", "blanks around key and value are stripped");
	is_str(config_get("missing", "def"), "def", "a missing key gives the default");
	config_reset();

	/* Every kind of credential is refused in the main file. */
	static const char *const creds[] = {"db_site = host=/x user=fontaine_site\n",
					    "db_migrate = host=/x user=postgres\n",
					    "smtp_password = hunter2\n", "smtp_user = u\n"};
	for (size_t i = 0; i < sizeof creds / sizeof creds[0]; i++) {
		write_file("bad.conf", 0600, creds[i]);
		ok(config_load_as(path("bad.conf"), NULL) < 0, "the main file may not hold %.*s",
		   (int)(strchr(creds[i], ' ') - creds[i]), creds[i]);
		config_reset();
	}
	ok(config_is_credential("db_invoice") && !config_is_credential("smtp_url") &&
	   !config_is_credential("secret_file"), "config_is_credential names the credential keys");

	/* credentials_dir: each program reads its own file, and only it. */
	snprintf(main_conf, sizeof main_conf, "base_url = https://example.org\ncredentials_dir = %s\n",
		 path("cred"));
	write_file("main.conf", 0644, main_conf);
	write_file("cred/site.conf", 0600, "db_site = host=/run user=fontaine_site\n");
	write_file("cred/mailer.conf", 0640, "db_mailer = user=fontaine_mailer\nsmtp_password = s3cret\n");
	ok(config_load_as(path("main.conf"), "site") == 0, "site loads with its credential file");
	is_str(config_get("db_site", NULL), "host=/run user=fontaine_site", "site gets db_site");
	is_str(config_get("db_mailer", NULL), NULL, "site does not get the mailer's connection");
	is_str(config_get("smtp_password", NULL), NULL, "site does not get the SMTP password");
	is_str(config_get("base_url", NULL), "https://example.org", "site still reads the main file");
	config_reset();
	ok(config_load_as(path("main.conf"), "mailer") == 0, "mode 640 is accepted (the program's group)");
	is_str(config_get("smtp_password", NULL), "s3cret", "the mailer gets its SMTP password");
	is_str(config_get("db_site", NULL), NULL, "the mailer does not get db_site");
	config_reset();
	ok(config_load_as(path("main.conf"), "feed") < 0, "a program whose credential file is missing stops");
	config_reset();

	/* A credential file others may read (or a group may write) stops the program. */
	static const mode_t bad_modes[] = {0644, 0604, 0660, 0602, 0666};
	for (size_t i = 0; i < sizeof bad_modes / sizeof bad_modes[0]; i++) {
		chmod(path("cred/site.conf"), bad_modes[i]);
		ok(config_load_as(path("main.conf"), "site") < 0, "credentials in mode %03o are refused",
		   (unsigned)bad_modes[i]);
		config_reset();
	}
	chmod(path("cred/site.conf"), 0400);
	ok(config_load_as(path("main.conf"), "site") == 0, "mode 400 is accepted");
	config_reset();
	ok(config_load_as(path("main.conf"), "../site") < 0, "a program name with a slash is refused");
	config_reset();

	/* systemd: $CREDENTIALS_DIRECTORY comes first, credentials_dir is the fallback. */
	write_file("sd/site.conf", 0400, "db_site = from-systemd\n");
	setenv("CREDENTIALS_DIRECTORY", path("sd"), 1);
	ok(config_load_as(path("main.conf"), "site") == 0, "site loads from $CREDENTIALS_DIRECTORY");
	is_str(config_get("db_site", NULL), "from-systemd", "$CREDENTIALS_DIRECTORY wins over credentials_dir");
	is_str(config_get("secret_file", NULL), NULL, "no secret credential: no secret_file");
	config_reset();
	write_file("sd/secret", 0400, "0123456789abcdef0123456789abcdef");
	ok(config_load_as(path("main.conf"), "site") == 0, "site loads with a secret credential");
	is_str(config_get("secret_file", NULL), path("sd/secret"), "the secret credential is the secret_file");
	config_reset();
	ok(config_load_as(path("main.conf"), "mailer") == 0, "a file missing there falls back to credentials_dir");
	is_str(config_get("db_mailer", NULL), "user=fontaine_mailer", "fallback value");
	config_reset();
	chmod(path("sd/site.conf"), 0444);
	ok(config_load_as(path("main.conf"), "site") < 0, "a world-readable systemd credential is refused too");
	config_reset();
	unsetenv("CREDENTIALS_DIRECTORY");

	/* Without credentials_dir nor $CREDENTIALS_DIRECTORY, nothing is read beyond the main file. */
	ok(config_load_as(path("plain.conf"), "site") == 0 && !config_get("db_site", NULL),
	   "no credentials configured: the program reports its missing key itself");
	config_reset();

	static const char *const files[] = {"plain.conf", "bad.conf", "main.conf", "cred/site.conf",
					    "cred/mailer.conf", "sd/site.conf", "sd/secret", "cred", "sd"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		remove(path(files[i]));
	rmdir(dir);
	return done_testing();
}
