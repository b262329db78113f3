/* fuzz-csv.c - libFuzzer target: the CSV reader that every import starts
 * with (quotes, line counting, UTF-8 and NUL checks). */
#include "config.h"
#include <stdint.h>
#include "io/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvread *r;
	const struct csvread_record *rec;
	struct ky_error err;
	size_t fields = 0;
	ky_error_clear(&err);
	if (csvread_open_buffer((const char *)data, size, "fuzz.csv", &r, &err) != KY_OK)
		return 0;
	while (csvread_next(r, &rec, &err) == 1)
		fields += rec->n_fields;
	csvread_close(r);
	return fields == (size_t)-1;
}
