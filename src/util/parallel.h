/* parallel.h - independent tasks on a few threads.
 *
 * ky_parallel_for runs task(ctx, t) for every t in [0, n), on at most
 * `threads` threads, the caller's among them; which thread runs which
 * task is not fixed, so a task writes only its own results and the
 * caller combines them in task order afterwards: the outcome is then the
 * same whatever the threads. A thread that cannot be started is not an
 * error: its tasks run on the others. */
#ifndef KY_UTIL_PARALLEL_H
#define KY_UTIL_PARALLEL_H

#include <stddef.h>

typedef void (*ky_task_fn)(void *ctx, size_t task);

void ky_parallel_for(size_t n, size_t threads, ky_task_fn task, void *ctx);

#endif
