# Expected values of the weighted scale alpha (issue 15): the scale 'att'
# (a1..a4, a3 reversed on the 1-5 list) under --weight wt, whole sample
# and by grp, as survey::svycralpha over the complete cases; alpha if an
# item is deleted as svycralpha of the other three.
# Run from this folder: Rscript make-expected.R  (R 4.2, survey 4.1)
suppressPackageStartupMessages(library(survey))
d <- read.csv("responses.csv", colClasses = c(grp = "character"))
d$a3 <- 6 - d$a3
items <- c("a1", "a2", "a3", "a4")
d <- d[complete.cases(d[, items]), ]
out <- data.frame()
add <- function(by, group, level, statistic, estimate)
  out <<- rbind(out, data.frame(by = by, group = group, level = level,
                                statistic = statistic, estimate = estimate))
alpha <- function(des, its)
  unname(svycralpha(as.formula(paste("~", paste(its, collapse = "+"))), des))
run <- function(rows, by, group) {
  des <- svydesign(ids = ~1, weights = ~wt, data = rows)
  add(by, group, "", "alpha", alpha(des, items))
  for (it in items)
    add(by, group, it, "alpha_if_deleted", alpha(des, setdiff(items, it)))
}
run(d, "", "")
for (g in sort(unique(d$grp)))
  run(d[d$grp == g, ], "grp", g)
write.csv(out, "expected.csv", row.names = FALSE, quote = FALSE)
