/* kiosk-secret.c - loading, hashing and checking the kiosk operator secret. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "collect/kiosk-secret.h"
#include "store/sha256.h"

/* memset through a volatile pointer: the compiler may not drop the wipe
 * of a buffer that is about to go out of scope. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

static void digest(const struct kiosk_secret *s, const char *text, size_t len, char hex[65])
{
	unsigned char buf[sizeof s->salt + KIOSK_SECRET_MAX];
	memcpy(buf, s->salt, sizeof s->salt);
	memcpy(buf + sizeof s->salt, text, len);
	sha256_hex(buf, sizeof s->salt + len, hex);
	wipe(buf, sizeof buf);
}

static int set_secret(struct kiosk_secret *s, const char *text, size_t len, const char *from,
		      struct ky_error *err)
{
	if (len < KIOSK_SECRET_MIN || len > KIOSK_SECRET_MAX)
		return ky_error_set(err, KY_EINPUT, "collect: the kiosk secret in %s must be %d to %d bytes long",
				    from, KIOSK_SECRET_MIN, KIOSK_SECRET_MAX);
	if (getrandom(s->salt, sizeof s->salt, 0) != (ssize_t)sizeof s->salt)
		return ky_error_set(err, KY_EIO, "collect: no random bytes for the kiosk secret: %m");
	digest(s, text, len, s->hash);
	s->set = true;
	return KY_OK;
}

/* The first line of the file at fd, without its line end, into buf. */
static int read_first_line(int fd, const char *path, char *buf, size_t size, size_t *len,
			   struct ky_error *err)
{
	size_t got = 0;
	ssize_t n;
	while (got < size && (n = read(fd, buf + got, size - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ky_error_set(err, KY_EIO, "collect: cannot read '%s': %m", path);
		}
		got += (size_t)n;
	}
	*len = 0;
	while (*len < got && buf[*len] != '\n')
		(*len)++;
	if (*len && buf[*len - 1] == '\r')
		(*len)--;
	if (*len == got && got == size)
		*len = size;   /* no line end within the limit: too long */
	return KY_OK;
}

static int load_file(struct kiosk_secret *s, const char *path, struct ky_error *err)
{
	char buf[KIOSK_SECRET_MAX + 2];
	struct stat st;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK), rc;
	if (fd < 0)
		return ky_error_set(err, KY_EIO, "collect: cannot open '%s': %m", path);
	if (fstat(fd, &st)) {
		rc = ky_error_set(err, KY_EIO, "collect: cannot stat '%s': %m", path);
	} else if (!S_ISREG(st.st_mode)) {
		rc = ky_error_set(err, KY_EINPUT, "collect: '%s': the kiosk secret file is not a regular file",
				  path);
	} else if (st.st_mode & 077) {
		rc = ky_error_set(err, KY_EINPUT, "collect: '%s': the kiosk secret file has mode %04o: "
				  "others may read it (chmod 600 it)", path, (unsigned)(st.st_mode & 07777));
	} else if (st.st_uid != geteuid()) {
		rc = ky_error_set(err, KY_EINPUT, "collect: '%s': the kiosk secret file belongs to another user",
				  path);
	} else if (!(rc = read_first_line(fd, path, buf, sizeof buf, &len, err))) {
		rc = set_secret(s, buf, len, path, err);
	}
	wipe(buf, sizeof buf);
	close(fd);
	return rc;
}

int kiosk_secret_load(struct kiosk_secret *s, const char *path, struct ky_error *err)
{
	char *env = getenv(KIOSK_SECRET_ENV);
	int rc = KY_OK;
	memset(s, 0, sizeof *s);
	if (path)
		rc = load_file(s, path, err);
	else if (env && *env)
		rc = set_secret(s, env, strlen(env), "$" KIOSK_SECRET_ENV, err);
	else
		rc = ky_error_set(err, KY_EUSAGE, "collect: '--kiosk' needs an operator secret: "
				  "'--kiosk-secret-file FILE' (mode 0600) or the environment variable "
				  KIOSK_SECRET_ENV);
	/* wiped in place: the string lives in the memory /proc/PID/environ shows */
	if (env) {
		wipe(env, strlen(env));
		unsetenv(KIOSK_SECRET_ENV);
	}
	return rc;
}

bool kiosk_secret_matches(const struct kiosk_secret *s, const char *attempt, size_t len)
{
	char hex[65];
	unsigned char diff = 0;
	size_t i;
	if (!s->set || len > KIOSK_SECRET_MAX)
		return false;
	digest(s, attempt, len, hex);
	for (i = 0; i < 64; i++)
		diff |= (unsigned char)(hex[i] ^ s->hash[i]);
	wipe(hex, sizeof hex);
	return diff == 0;
}
