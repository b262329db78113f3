/* linking.h - pairing "before" and "after" respondents by their linkage
 * codes (collect/linkage.h) for `analyze --paired`.
 *
 * Rules (interfaces.md section 5, "Comparisons"; kysely.1): a pair is a
 * "pre" and a "post" respondent whose codes are equal in every part. A
 * code seen more than once within one phase is never linked (two people
 * who built the same code, or one who answered twice): its respondents
 * count as duplicates. A near miss is a pre and a post respondent, both
 * left without a partner, whose codes differ in exactly one part (a typo
 * or a changed phone number): counted, never linked. Unlinked: every
 * respondent of either phase without a partner, duplicates, near misses
 * and respondents without a valid code included. */
#ifndef KY_ANALYZE_LINKING_H
#define KY_ANALYZE_LINKING_H

#include <stddef.h>

struct link_result {
	size_t *pre, *post;    /* row indices of the pairs, by pre row */
	size_t n_pairs;
	size_t unlinked;       /* respondents of either phase without a partner */
	size_t near_miss;      /* pre-post candidate pairs differing in one part */
	size_t duplicate;      /* respondents whose code repeats within their phase */
};

/* phase[i]: 0 pre, 1 post, -1 neither (ignored); code[i]: the stored
 * linkage value or NULL. Fills out (release with link_result_release). */
void link_codes(const char *const *code, const int *phase, size_t n, struct link_result *out);
void link_result_release(struct link_result *r);

#endif
