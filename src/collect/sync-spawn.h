/* sync-spawn.h - `collect --sync-to URI`: a background `kysely sync`
 * after each submission.
 *
 * The respondent never waits for the network: the sync is a child
 * process in its own session (a Ctrl-C at the terminal does not reach
 * it), with no terminal: stdin and stdout are /dev/null and its messages
 * are appended to DB-sync.log (0600) beside the database, which is where
 * a failure is logged. One sync runs at a time; a submission while one
 * runs is left for the next, and one more starts when collect ends. The
 * answer is durable in DB before any of this happens. */
#ifndef KY_COLLECT_SYNC_SPAWN_H
#define KY_COLLECT_SYNC_SPAWN_H

/* Arms the hook (both strings must outlive collect); NULL uri disarms. */
void sync_spawn_configure(const char *db, const char *uri);
/* After a submission: starts a sync unless one is running. */
void sync_spawn_kick(void);
/* When collect ends: one last sync when anything was submitted. */
void sync_spawn_finish(void);

#endif
