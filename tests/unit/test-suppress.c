/* test-suppress.c - primary and complementary cell suppression on
 * hand-worked tables (rows = levels, columns = groups, rows fastest). */
#include "config.h"
#include <stdio.h>
#include "analysis/suppress.h"
#include "tests/unit/tap.h"

static int flags_are(const unsigned char *flag, const char *expected, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (flag[i] != (unsigned char)(expected[i] - '0'))
			return 0;
	return 1;
}

static void print_flags(const unsigned char *flag, size_t rows, size_t cols)
{
	size_t i, j;

	for (i = 0; i < rows; i++) {
		printf("#  ");
		for (j = 0; j < cols; j++)
			printf(" %u", flag[i + j * rows]);
		printf("\n");
	}
}

int main(void)
{
	struct ky_error err;
	unsigned char flag[16];
	size_t primary, secondary;
	/*        g1  g2  g3
	 * yes    20   3  15
	 * no     30  25  12
	 * dk     10   9   8
	 * 3 < 5 is primary. Rows first: row yes holds one suppressed cell, so
	 * its smallest other cell (15) goes; then column g2 loses 9 and column
	 * g3, now with one, loses 8; every line then holds 0 or 2. */
	const double table[9] = { 20, 30, 10, 3, 25, 9, 15, 12, 8 };
	/* n - x < T: in group g2 (base 12) the level with 10 leaves 2 */
	const double complement[4] = { 40, 35, 10, 2 };
	const double none[4] = { 10, 20, 30, 40 };
	const double single_column[3] = { 2, 50, 60 };
	const double bad[2] = { 1, -2 };
	const double base[3] = { 60, 37, 35 };
	const double small_base[3] = { 10, 37, 35 };

	ok(suppress_table(table, 3, 3, NULL, 5, flag, &primary, &secondary, &err) == 0,
	   "suppression runs");
	print_flags(flag, 3, 3);
	ok(flags_are(flag, "000102202", 9), "primary 3, then 9, 15 and 8 complementary");
	ok(primary == 1 && secondary == 3, "1 primary and 3 secondary cells");

	ok(suppress_table(complement, 2, 2, NULL, 5, flag, &primary, &secondary, &err) == 0 &&
	   flag[2] == SUPPRESS_PRIMARY && flag[3] == SUPPRESS_PRIMARY,
	   "x < T and n - x < T both primary");
	ok(flag[0] == SUPPRESS_SECONDARY && flag[1] == SUPPRESS_SECONDARY,
	   "rows with one suppressed cell get a complement");

	ok(suppress_table(none, 2, 2, NULL, 5, flag, &primary, &secondary, &err) == 0 &&
	   primary == 0 && secondary == 0 && flags_are(flag, "0000", 4), "nothing small, nothing suppressed");
	ok(suppress_table(table, 3, 3, NULL, 0, flag, &primary, &secondary, &err) == 0 &&
	   primary == 0 && secondary == 0, "threshold 0 suppresses nothing");

	ok(suppress_table(single_column, 3, 1, NULL, 5, flag, &primary, &secondary, &err) == 0 &&
	   flags_are(flag, "120", 3), "one column: the next smallest protects the total");

	ok(suppress_table(table, 3, 3, base, 5, flag, NULL, NULL, &err) == 0 &&
	   flag[2 + 2 * 3] != SUPPRESS_NONE, "explicit bases accepted");
	ok(suppress_table(table, 3, 3, small_base, 5, flag, NULL, NULL, &err) == KY_EINPUT,
	   "a base below the column total is an error");
	printf("# %s\n", err.msg);
	ok(suppress_table(bad, 2, 1, NULL, 5, flag, NULL, NULL, &err) == KY_EINPUT,
	   "a negative count is an error");
	return tap_done();
}
