/* read-answers.h - the lookups every answer of every respondent goes
 * through, inline where the summing and the columns call them (a call
 * across files for each of 37 million answers costs a tenth of the read
 * at a million respondents). Part of analyze's read (load-impl.h). */
#ifndef KY_ANALYZE_READ_ANSWERS_H
#define KY_ANALYZE_READ_ANSWERS_H

#include <math.h>
#include <stdint.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/load-impl.h"
#include "form/value.h"

/* The first 8 bytes of a name as a word (zero-padded): names that short
 * compare in one step. When 8 bytes are readable from s (readable_end),
 * one load and a mask: copying fewer bytes into a word and reading it
 * back stalls the load for as long as the rest of the lookup takes. */
static inline uint64_t name_word(const char *s, size_t len, const char *readable_end)
{
	uint64_t word = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (readable_end && readable_end - s >= 8) {
		memcpy(&word, s, 8);
		return len >= 8 ? word : word & ((UINT64_C(1) << (8 * len)) - 1);
	}
#else
	(void)readable_end;
#endif
	memcpy(&word, s, len < 8 ? len : 8);
	return word;
}

static inline size_t choice_hash(uint64_t word, const char *s, size_t len)
{
	uint64_t h = word ^ len;
	for (size_t i = 8; i < len; i++)
		h = h * 31 + (unsigned char)s[i];
	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 40);
}

static inline bool slot_is(const struct avar *a, const struct choice_slot *slot, uint64_t word,
		    const char *s, size_t len)
{
	if (slot->word != word || slot->len != len)
		return false;
	return len <= 8 || !memcmp(a->level_names[slot->level - 1] + 8, s + 8, len - 8);
}

/* Choice lookup runs for every answer of every respondent: one hash, and
 * for names of up to 8 bytes one comparison of words. */
static inline int load_find_choice(const struct avar *a, const char *s, size_t len, const char *readable_end)
{
	uint64_t word = name_word(s, len, readable_end);
	for (size_t at = choice_hash(word, s, len) & a->choice_mask; a->choice_slot[at].level;
	     at = (at + 1) & a->choice_mask) {
		if (slot_is(a, &a->choice_slot[at], word, s, len))
			return (int)a->choice_slot[at].level - 1;
	}
	return -1;
}

/* Answers, weights and fpc columns share the answers' number grammar
 * (form_parse_number): no hex ("0x1p3" is not 8), inf or nan. */
static inline double load_parse_number(const char *s, size_t len)
{
	char buf[64];
	double v;

	if (len == 0 || len >= sizeof buf)
		return NAN;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return form_parse_number(buf, &v) ? v : NAN;
}

/* A select_multiple answer: space-separated choice names as bits in
 * words[0 .. a->n_words - 1]; *any tells an answer (even of unknown
 * names) from none. */
static inline void load_choice_bits(struct load_ctx *c, const struct avar *a,
				    const struct record_view *v, uint64_t *words, bool *any)
{
	memset(words, 0, a->n_words * sizeof *words);
	*any = false;
	if (!v->ptr)
		return;
	size_t pos = 0;
	while (pos < v->len) {
		while (pos < v->len && v->ptr[pos] == ' ')
			pos++;
		size_t start = pos;
		while (pos < v->len && v->ptr[pos] != ' ')
			pos++;
		if (pos == start)
			break;
		int k = load_find_choice(a, v->ptr + start, pos - start, c->record_end);
		if (k < 0)
			load_note_unknown(c, a, v->ptr + start, pos - start);
		else
			words[k / 64] |= (uint64_t)1 << (k % 64);
		*any = true;
	}
}

#endif
