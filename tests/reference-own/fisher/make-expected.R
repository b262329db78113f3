# The exact Fisher p-values that tests/unit/test-tests.c compares with
# (issue 15), as R's fisher.test(tab, workspace = 2e8); each table is
# given column by column (rows fastest), as the C arrays.
# Run from this folder: Rscript make-expected.R > expected.csv  (R 4.2)
tables <- list(
  region_by_profession = matrix(c(1, 1, 3, 1, 4, 4, 6, 5, 0, 0, 2, 4, 3, 0, 2, 0, 0, 2, 1, 1), 4),
  action = matrix(c(0, 0, 1, 2, 0, 3, 1, 0, 1, 0, 2, 0), 3),
  chain5 = matrix(c(3, 3, 1, 0, 5, 4, 0, 2, 3, 5, 1, 4, 5, 1, 1, 6, 6, 2, 1, 3, 2, 10, 1, 3, 4), 5),
  item_by_profession = matrix(c(40, 10, 8, 30, 12, 6, 20, 5, 5, 12, 4, 4, 10, 3, 3,
                                8, 2, 2, 6, 3, 1, 5, 1, 2, 4, 2, 1, 3, 1, 1), 3),
  client_work = matrix(c(7, 7, 4, 5, 2, 5, 29, 35, 3, 8, 4, 6, 14, 12,
                         7, 6, 21, 14, 7, 6, 7, 8, 3, 3, 8, 10), 2))
cat("table,rows,cols,n,p_value\n")
for (name in names(tables)) {
  m <- tables[[name]]
  p <- fisher.test(m, workspace = 2e8)$p.value
  cat(sprintf("%s,%d,%d,%d,%.17g\n", name, nrow(m), ncol(m), as.integer(sum(m)), p))
}
