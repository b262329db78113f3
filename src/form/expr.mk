# src/form/expr.mk: the expression engine (included from src/form/local.mk)
libkysely_a_SOURCES += src/form/expr.h src/form/expr-impl.h src/form/expr-lex.c \
	src/form/expr-parse.c src/form/expr-value.c src/form/expr-date.c \
	src/form/expr-eval.c src/form/expr-func.c src/form/expr-regex.c \
	src/form/expr-hints.c src/form/expr-repeat.c
check_PROGRAMS += tests/unit/test-expr
TESTS += tests/unit/test-expr
tests_unit_test_expr_LDADD = $(LDADD_ALL)
