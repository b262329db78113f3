/* kiosk.c - what kiosk mode adds to the screens: the operator prompt
 * (F10, the secret never drawn), the respondent who walked away ("still
 * there?", then the welcome screen) and the end of the thank-you screen. */
#include "config.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "tui/screens.h"

#define OPERATOR_SECONDS 30
#define IDLE_WARN_MAX 30
#define THANKS_SECONDS 20
/* Wrong secrets tried freely; then the prompt locks for 30 s, doubled for
 * each further wrong secret up to 16 minutes: a PIN-length secret takes
 * days to guess at the terminal instead of minutes. */
#define OPERATOR_FREE_TRIES 5
#define OPERATOR_LOCK_SECONDS 30
#define OPERATOR_LOCK_DOUBLINGS 5

bool cui_operator_locked(const struct ui *u)
{
	return time(NULL) < u->operator_locked_until;
}

static void operator_failed(struct ui *u)
{
	if (++u->operator_failures < OPERATOR_FREE_TRIES)
		return;
	int doublings = u->operator_failures - OPERATOR_FREE_TRIES;
	if (doublings > OPERATOR_LOCK_DOUBLINGS)
		doublings = OPERATOR_LOCK_DOUBLINGS;
	u->operator_locked_until = time(NULL) + ((time_t)OPERATOR_LOCK_SECONDS << doublings);
}

void cui_operator_leave(struct ui *u)
{
	volatile char *p = u->operator_buf;
	size_t i;
	for (i = 0; i < sizeof u->operator_buf; i++)
		p[i] = 0;
	u->operator_len = 0;
	u->operator_mode = false;
}

void cui_operator_open(struct ui *u)
{
	cui_operator_leave(u);
	u->operator_mode = true;
	u->operator_deadline = time(NULL) + OPERATOR_SECONDS;
}

/* Appends a typed character as UTF-8; a secret longer than the longest
 * allowed simply never matches. */
static void operator_append(struct ui *u, wint_t k)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)k, &st);
	if (n == (size_t)-1 || u->operator_len + n > KIOSK_SECRET_MAX + 1)
		return;
	memcpy(u->operator_buf + u->operator_len, mb, n);
	u->operator_len += n;
}

/* Backspace removes a whole UTF-8 character. */
static void operator_backspace(struct ui *u)
{
	while (u->operator_len &&
	       ((unsigned char)u->operator_buf[--u->operator_len] & 0xC0) == 0x80)
		;
}

void cui_operator_key(struct ui *u, struct tui_key k)
{
	u->operator_deadline = time(NULL) + OPERATOR_SECONDS;
	if (k.action == TK_ENTER) {
		/* while locked, nothing typed is compared, right or wrong */
		if (!cui_operator_locked(u)) {
			if (kiosk_secret_matches(u->o->secret, u->operator_buf, u->operator_len))
				u->quit = true;
			else
				operator_failed(u);
		}
		cui_operator_leave(u);
	} else if (k.action == TK_BACKSPACE) {
		operator_backspace(u);
	} else if (k.action == TK_ESCAPE) {
		cui_operator_leave(u);
	} else if (tui_key_printable(k)) {
		operator_append(u, k.ch);
	}
}

/* Seconds of "still there?" before an idle respondent's screen is cleared. */
static int idle_warning_seconds(int idle)
{
	int w = idle / 3;
	return w > IDLE_WARN_MAX ? IDLE_WARN_MAX : w;
}

/* Kiosk: a respondent who walked away. Returns as cui_tick. */
static int idle_tick(struct ui *u, time_t now, struct ky_error *err)
{
	int idle = u->o->idle_seconds, rc;
	if (u->o->kiosk && u->screen == SCR_CODE && idle > 0 && now - u->last_key >= idle) {
		/* the next person must not go on with the parts typed so far */
		sodium_memzero(&u->code, sizeof u->code);
		cui_wipe_editor(u);
		rc = cui_start_new_welcome(u, err);
		return rc ? -rc : 1;
	}
	if (!u->o->kiosk || !u->resp || idle <= 0)
		return 0;
	if (now - u->last_key < idle) {
		if (u->idle_warned || now - u->last_key < idle - idle_warning_seconds(idle))
			return 0;
		u->idle_warned = true;
		return 1;
	}
	/* every accepted answer is stored already; the one being typed is kept
	 * when valid, then the screen forgets the respondent */
	if ((rc = cui_keep_typed_answer(u, err)))
		return -rc;
	respondent_destroy(u->resp);
	u->resp = NULL;
	u->res->partial_uuid[0] = '\0';
	u->idle_warned = false;
	cui_operator_leave(u);
	rc = cui_start_new_welcome(u, err);
	return rc ? -rc : 1;
}

int cui_tick(struct ui *u, struct ky_error *err)
{
	time_t now = time(NULL);
	int rc;
	if (u->operator_mode && now > u->operator_deadline) {
		cui_operator_leave(u);
		return 1;
	}
	if ((rc = idle_tick(u, now, err)))
		return rc;
	if (u->screen == SCR_THANKS && now - u->thanks_since >= THANKS_SECONDS) {
		rc = cui_start_new_welcome(u, err);
		return rc ? -rc : 1;
	}
	return 0;
}
