/* fuzz-form.c - libFuzzer target: the XLSForm reader (one-file layout,
 * how the store keeps a definition). Any input must give a form or a list
 * of located problems, never a crash or a leak. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include "form/xlsform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form *form = NULL;
	struct form_diag diag = {0};
	struct ky_error err;
	ky_error_clear(&err);
	if (xlsform_read_buffer((const char *)data, size, "fuzz.csv", &form, &diag, &err) == KY_OK && form)
		form_destroy(form);
	form_diag_release(&diag);
	return 0;
}
