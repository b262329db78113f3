/* debrief-ui.h - the debrief screen of `kysely collect`: the respondent's
 * own results (collect/debrief.h) after submitting, one scrollable page.
 *
 * Up/Down scroll a line, Page Up/Down (and Space) a page, Home/End;
 * Enter, q or Esc close it. In kiosk mode it also closes after
 * idle_seconds without a key, so that the next person never sees it. */
#ifndef KY_TUI_DEBRIEF_UI_H
#define KY_TUI_DEBRIEF_UI_H

#include "collect/debrief.h"

/* Runs the screen on the open terminal until closed. *quit_signal gets
 * the signal that asked to quit while it was shown (0 when none). */
void tui_debrief_show(const struct debrief *d, const char *title, int idle_seconds,
		      int *quit_signal);

#endif
