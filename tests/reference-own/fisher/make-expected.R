# The exact Fisher p-values that tests/unit/test-tests.c compares with
# (issue 15), as R's fisher.test(tab, workspace = 2e8); each table is
# given column by column (rows fastest), as the C arrays.
# Run from this folder: Rscript make-expected.R > expected.csv  (R 4.2)
# and Rscript make-expected.R simulated > expected-simulated.csv: R's
# Monte Carlo p (B = 10^6) of a 3 x 13 table of the sample study where
# FEXACT's p (0.5774) is wrong; kysely's exact p must lie within 4
# standard errors of this one.
tables <- list(
  region_by_profession = matrix(c(1, 1, 3, 1, 4, 4, 6, 5, 0, 0, 2, 4, 3, 0, 2, 0, 0, 2, 1, 1), 4),
  action = matrix(c(0, 0, 1, 2, 0, 3, 1, 0, 1, 0, 2, 0), 3),
  chain5 = matrix(c(3, 3, 1, 0, 5, 4, 0, 2, 3, 5, 1, 4, 5, 1, 1, 6, 6, 2, 1, 3, 2, 10, 1, 3, 4), 5),
  item_by_profession = matrix(c(40, 10, 8, 30, 12, 6, 20, 5, 5, 12, 4, 4, 10, 3, 3,
                                8, 2, 2, 6, 3, 1, 5, 1, 2, 4, 2, 1, 3, 1, 1), 3),
  client_work = matrix(c(7, 7, 4, 5, 2, 5, 29, 35, 3, 8, 4, 6, 14, 12,
                         7, 6, 21, 14, 7, 6, 7, 8, 3, 3, 8, 10), 2),
  # the slowest 2 x 13 of the sample study by profession (R: 2 s)
  two_by_13 = matrix(c(10, 48, 8, 26, 9, 6, 4, 2, 2, 8, 9, 14, 0, 8,
                       4, 10, 4, 9, 3, 7, 4, 11, 2, 3, 3, 7), 2),
  three_by_6 = matrix(c(5, 4, 6, 8, 2, 3, 3, 7, 2, 6, 3, 7, 2, 8, 4, 9, 5, 3), 3),
  # more than 1000 respondents, a few in one row: the Monte Carlo draws
  # Patefield's way there
  rare_2x5 = matrix(c(1, 200, 0, 300, 4, 250, 2, 260, 6, 190), 2),
  rare_3x4 = matrix(c(0, 3, 500, 2, 1, 480, 4, 0, 210, 1, 2, 10), 3))
if (identical(commandArgs(TRUE), "simulated")) {
  m <- matrix(c(15, 21, 23, 11, 11, 8, 4, 4, 5, 2, 2, 2, 3, 3, 4, 9, 7, 9, 2, 2,
                5, 3, 7, 1, 6, 2, 1, 3, 6, 3, 4, 5, 8, 1, 4, 1, 4, 4, 3), 3)
  set.seed(1)
  p <- fisher.test(m, simulate.p.value = TRUE, B = 1e6)$p.value
  cat("table,rows,cols,n,B,p_value,fexact_p_value\n")
  cat(sprintf("three_by_13,%d,%d,%d,%d,%.10g,%.17g\n", nrow(m), ncol(m),
              as.integer(sum(m)), 1e6, p, fisher.test(m, workspace = 2e8)$p.value))
  quit(save = "no")
}
cat("table,rows,cols,n,p_value\n")
for (name in names(tables)) {
  m <- tables[[name]]
  p <- fisher.test(m, workspace = 2e8)$p.value
  cat(sprintf("%s,%d,%d,%d,%.17g\n", name, nrow(m), ncol(m), as.integer(sum(m)), p))
}
