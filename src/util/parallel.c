/* parallel.c - independent tasks on a few threads (parallel.h). */
#include "config.h"
#include <pthread.h>
#include <stdatomic.h>
#include "util/mem.h"
#include "util/parallel.h"

struct task_pool {
	size_t n;
	atomic_size_t next;
	ky_task_fn task;
	void *ctx;
};

static void *take_tasks(void *arg)
{
	struct task_pool *pool = arg;

	for (size_t t; (t = atomic_fetch_add(&pool->next, 1)) < pool->n;)
		pool->task(pool->ctx, t);
	return NULL;
}

void ky_parallel_for(size_t n, size_t threads, ky_task_fn task, void *ctx)
{
	struct task_pool pool = { .n = n, .task = task, .ctx = ctx };
	size_t helpers = threads > n ? n : threads;

	atomic_init(&pool.next, 0);
	helpers = helpers > 1 ? helpers - 1 : 0;
	pthread_t *thread = ky_calloc(helpers + 1, sizeof *thread);
	size_t started = 0;
	while (started < helpers && !pthread_create(&thread[started], NULL, take_tasks, &pool))
		started++;
	take_tasks(&pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(thread[i], NULL);
	free(thread);
}
