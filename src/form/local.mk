# src/form: the form model and the XLSForm reader
libkysely_a_SOURCES += src/form/form.c src/form/form.h \
	src/form/xlsform.c src/form/xlsform.h src/form/xlsform-impl.h \
	src/form/xlsform-sheet.c src/form/xlsform-diag.c
check_PROGRAMS += tests/unit/test-xlsform
TESTS += tests/unit/test-xlsform
tests_unit_test_xlsform_LDADD = $(LDADD_ALL)
tests_unit_test_xlsform_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR_DEFAULT='"$(abs_top_srcdir)"'

include src/form/expr.mk
