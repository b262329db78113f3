/* xlsform-cycles.c - reference cycles between questions (xlsform-impl.h).
 *
 * A question's value needs the questions its calculation, its relevant
 * (and its groups' relevant) and its choice_filter refer to: relevance
 * decides whether it is asked at all, the filter which answers it may
 * take. A cycle there has no order of evaluation: calculations end up NaN
 * and questions that wait for each other are never asked. required and
 * constraint only check a value, and no expression reads their result, so
 * they are no link of a cycle: "a required when b is empty" and the other
 * way round, or two dates that check each other, are sound forms. '.' is
 * the answer itself, never a reference. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "form/xlsform-impl.h"
#include "util/mem.h"

#define MAX_REPORTED 20   /* cycles reported per form */
#define MAX_SHOWN 12      /* questions named in one cycle */

/* Edges in compressed rows: question i needs to[from[i] .. from[i+1]). */
struct graph {
	size_t *from;
	int *to;
	const char **column;   /* the column each edge comes from */
	size_t n, cap;
};

static void edge_add(struct graph *g, int to, const char *column)
{
	if (g->n == g->cap) {
		g->cap = ky_grow_cap(g->cap, g->n + 1, 64);
		g->to = ky_reallocarray(g->to, g->cap, sizeof *g->to);
		g->column = ky_reallocarray(g->column, g->cap, sizeof *g->column);
	}
	g->to[g->n] = to;
	g->column[g->n++] = column;
}

static bool inside(const struct form *f, int q, int group)
{
	for (q = f->questions[q].parent; q >= 0; q = f->questions[q].parent)
		if (q == group)
			return true;
	return false;
}

/* A question whose value is there before anyone answers: a default, a
 * calculation, metadata. */
static bool preset(const struct form_question *q)
{
	return (q->default_value && *q->default_value) || q->type == FQ_CALCULATE ||
	       q->type == FQ_HIDDEN || q->type == FQ_START || q->type == FQ_TODAY ||
	       q->type == FQ_DEVICEID;
}

/* Edges of e; none into the group `own` (-1: none) to a preset question
 * of its own: CHT's inputs group asks "./source = 'user'" of a field
 * whose default is 'user', which decides the group before anything is
 * asked. A group that waits on an answer given inside it stays a cycle. */
static void expr_edges(struct graph *g, const struct name_index *ix, const struct form *f,
		       const struct expr *e, const char *column, int own)
{
	size_t r;
	int to;
	if (!e)
		return;
	for (r = 0; r < expr_ref_count(e); r++)
		if ((to = name_index_resolve(ix, f, expr_ref_name(e, r))) >= 0 &&
		    (own < 0 || !inside(f, to, own) || !preset(&f->questions[to])))
			edge_add(g, to, column);
}

static void graph_build(struct graph *g, const struct form *f, const struct name_index *ix)
{
	size_t i;
	memset(g, 0, sizeof *g);
	g->from = ky_calloc(f->n_questions + 1, sizeof *g->from);
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		g->from[i] = g->n;
		if (q->type == FQ_END_GROUP)
			continue;
		expr_edges(g, ix, f, q->calculation, "calculation", -1);
		expr_edges(g, ix, f, q->relevant, "relevant",
			   q->type == FQ_BEGIN_GROUP ? (int)i : -1);
		expr_edges(g, ix, f, q->choice_filter, "choice_filter", -1);
		/* asked only when its group is relevant */
		if (q->parent >= 0)
			edge_add(g, q->parent, "relevant");
	}
	g->from[f->n_questions] = g->n;
}

static void graph_release(struct graph *g)
{
	free(g->from);
	free(g->to);
	free(g->column);
}

/* Reports the cycle that closes at stack[k..depth-1] -> stack[k]. */
static void report(const struct form *f, const char *path, struct diag_list *d,
		   const int *stack, const size_t *edge, size_t k, size_t depth,
		   const struct graph *g)
{
	char names[1024] = "";
	size_t i, used = 0;
	const struct form_question *first = &f->questions[stack[k]];
	for (i = k; i < depth && i - k < MAX_SHOWN; i++) {
		used += (size_t)snprintf(names + used, sizeof names - used, "%s -> ",
					 f->questions[stack[i]].name);
		if (used >= sizeof names)
			break;
	}
	if (used < sizeof names && depth - k > MAX_SHOWN)
		used += (size_t)snprintf(names + used, sizeof names - used, "... -> ");
	if (used < sizeof names)
		snprintf(names + used, sizeof names - used, "%s", first->name);
	diag_add(d, path, first->line, true, "'%s': circular reference %s",
		 g->column[edge[k] - 1], names);
}

/* Depth-first search without recursion (a chain of 100,000 calculations
 * is a fine form); a reference back into the current path is a cycle. */
void xlsform_check_cycles(const struct form *f, const struct name_index *names,
			  const char *path, struct diag_list *d)
{
	struct graph g;
	size_t n = f->n_questions, depth, root, reported = 0;
	int *stack = ky_calloc(n + 1, sizeof *stack);
	size_t *edge = ky_calloc(n + 1, sizeof *edge), *pos = ky_calloc(n + 1, sizeof *pos);
	unsigned char *state = ky_calloc(n + 1, 1);   /* 0 new, 1 on the path, 2 done */
	graph_build(&g, f, names);
	for (root = 0; root < n && reported < MAX_REPORTED; root++) {
		if (state[root])
			continue;
		stack[0] = (int)root;
		edge[0] = g.from[root];
		state[root] = 1;
		pos[root] = 0;
		depth = 1;
		while (depth) {
			int v = stack[depth - 1], w;
			if (edge[depth - 1] == g.from[v + 1]) {
				state[v] = 2;
				depth--;
				continue;
			}
			w = g.to[edge[depth - 1]++];
			if (state[w] == 1 && reported++ < MAX_REPORTED) {
				report(f, path, d, stack, edge, pos[w], depth, &g);
			} else if (state[w] == 0) {
				stack[depth] = w;
				edge[depth] = g.from[w];
				pos[w] = depth++;
				state[w] = 1;
			}
		}
	}
	graph_release(&g);
	free(stack);
	free(edge);
	free(pos);
	free(state);
}
