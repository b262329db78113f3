# make-expected.R - the R reference for `kysely analyze --compare wave`
# (statistics.md, "Comparisons between waves"): every share, mean and
# knowledge statistic of wave 2026 minus wave 2015, whole sample and
# within each group of grp, unweighted and under a stratified weighted
# design. Written independently of kysely from the form's keys:
#   shares:  prop.test(c(x_b, x_a), c(n_b, n_a), correct = FALSE) for p,
#            Newcombe's hybrid score interval from the two Wilson intervals
#            (prop.test on each), std_error sqrt(p_a q_a/n_a + p_b q_b/n_b);
#   means:   t.test(y_b, y_a) (Welch);
#   design:  svyby(~y, ~wave, subset(des, answered), svymean, covmat = TRUE)
#            then svycontrast(, c(-1, 1)), t on degf() of the rows compared;
#            clustered (st as PSUs) and post-stratified (population.csv)
#            designs as the ratio of totals below.
# p_adjusted: p.adjust(, "holm") over the rows of each run.
#   Rscript make-expected.R [responses.csv [expected.csv]]   (in this folder)
suppressMessages(library(survey))
args <- commandArgs(TRUE)
src <- if (length(args) >= 1) args[1] else "responses.csv"
dst <- if (length(args) >= 2) args[2] else "expected.csv"
skip <- if (length(args) >= 3) strsplit(args[3], ",")[[1]] else character(0)
d <- read.csv(src, colClasses = "character", na.strings = "")
d$wt <- as.numeric(d$wt)
n <- nrow(d)
lev <- list(grp = c("x", "y"), yn = c("yes", "no", "unsure"),
            act = c("refer", "police", "none"))
key <- c(k1 = "true", k2 = "false", k3 = "true", k4 = "false")
domain <- c(k1 = "a", k2 = "a", k3 = "b", k4 = "b")
items <- names(key)
outcome <- sapply(items, function(it) {
  v <- d[[it]]
  ifelse(is.na(v), "missing", ifelse(v == "idk", "dont_know",
         ifelse(v == key[[it]], "correct", "incorrect")))
})
points <- (outcome == "correct") * 1
reached <- rowSums(outcome != "missing") > 0

# every compared variable as (variable, level, statistic, kind, y)
vars <- list()
addv <- function(var, level, stat, kind, y)
  vars[[length(vars) + 1]] <<- list(var = var, level = level, stat = stat, kind = kind, y = y)
for (q in c("grp", "yn")) for (l in lev[[q]])
  addv(q, l, "proportion", "share", ifelse(is.na(d[[q]]), NA, d[[q]] == l) * 1)
addv("num", "", "mean", "mean", as.numeric(d$num))
for (l in lev$act) {
  has <- sapply(strsplit(ifelse(is.na(d$act), "", d$act), " "), function(o) l %in% o)
  addv("act", l, "proportion", "share", ifelse(is.na(d$act), NA, has * 1))
}
for (it in items) for (l in c("true", "false", "idk"))
  addv(it, l, "proportion", "share", ifelse(is.na(d[[it]]), NA, d[[it]] == l) * 1)
sets <- list(knowledge = items, "knowledge:a" = items[domain == "a"],
             "knowledge:b" = items[domain == "b"])
for (v in names(sets)) {
  its <- sets[[v]]
  answered <- rowSums(outcome[, its, drop = FALSE] != "missing") > 0
  total <- rowSums(points[, its, drop = FALSE])
  # a score needs an answer in its items; the gap shares reaching the test
  addv(v, "", "score", "mean", ifelse(answered, total, NA))
  addv(v, "", "score_pct", "mean", ifelse(answered, 100 * total / length(its), NA))
  for (o in c("correct", "incorrect", "dont_know", "missing"))
    addv(v, "", paste0("share_", o), "mean",
         ifelse(reached, rowSums(outcome[, its, drop = FALSE] == o) / length(its), NA))
}

newcombe <- function(xb, nb, xa, na) {
  wb <- prop.test(xb, nb, correct = FALSE)$conf.int
  wa <- prop.test(xa, na, correct = FALSE)$conf.int
  pb <- xb / nb; pa <- xa / na
  c(pb - pa - sqrt((pb - wb[1])^2 + (wa[2] - pa)^2),
    pb - pa + sqrt((wb[2] - pb)^2 + (pa - wa[1])^2))
}

srs_row <- function(v, rows) {
  ya <- v$y[rows & d$wave == "2015" & !is.na(v$y)]
  yb <- v$y[rows & d$wave == "2026" & !is.na(v$y)]
  if (v$kind == "share") {
    xa <- sum(ya); xb <- sum(yb); na <- length(ya); nb <- length(yb)
    pa <- xa / na; pb <- xb / nb
    ci <- newcombe(xb, nb, xa, na)
    p <- suppressWarnings(prop.test(c(xb, xa), c(nb, na), correct = FALSE)$p.value)
    return(c(na, nb, pa, pb, pb - pa, sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb), ci, p))
  }
  t <- t.test(yb, ya)
  c(length(ya), length(yb), mean(ya), mean(yb), mean(yb) - mean(ya), t$stderr,
    t$conf.int, t$p.value)
}

des <- svydesign(ids = ~1, strata = ~st, weights = ~wt, data = d)
svy_row <- function(v, rows) {
  des$variables$y <- v$y
  sub <- subset(des, rows & !is.na(y))
  r <- svyby(~y, ~wave, sub, svymean, covmat = TRUE)
  ct <- svycontrast(r, c(-1, 1))
  df <- degf(subset(des, rows))
  diff <- coef(ct)[[1]]; se <- SE(ct)[[1]]
  tq <- qt(0.975, df)
  c(sum(rows & !is.na(v$y) & d$wave == "2015"), sum(rows & !is.na(v$y) & d$wave == "2026"),
    coef(r)[[1]], coef(r)[[2]], diff, se, diff - tq * se, diff + tq * se,
    2 * pt(-abs(diff / se), df))
}

# Calibrated and clustered designs: svyby(covmat = TRUE) fails on them in
# R (survey 4.x, "number of items to replace"), so the same contrast as
# a ratio of totals: svycontrast(svytotal(~yb + nb + ya + na), yb/nb - ya/na).
designs <- list(
  clu = svydesign(ids = ~st, weights = ~wt, data = d),
  ps = postStratify(svydesign(ids = ~1, data = d, weights = ~rep(1, n)), ~grp,
                    data.frame(grp = c("x", "y"), Freq = c(500, 700))))
ratio_row <- function(v, rows, des) {
  ok <- rows & !is.na(v$y)
  y <- ifelse(ok, v$y, 0)
  des$variables$yb <- y * (d$wave == "2026"); des$variables$nb <- ok * (d$wave == "2026")
  des$variables$ya <- y * (d$wave == "2015"); des$variables$na <- ok * (d$wave == "2015")
  t <- svytotal(~yb + nb + ya + na, des)
  ct <- svycontrast(t, quote(yb / nb - ya / na))
  df <- degf(des)
  diff <- coef(ct)[[1]]; se <- SE(ct)[[1]]
  tq <- qt(0.975, df)
  c(sum(ok & d$wave == "2015"), sum(ok & d$wave == "2026"),
    coef(t)[["ya"]] / coef(t)[["na"]], coef(t)[["yb"]] / coef(t)[["nb"]],
    diff, se, diff - tq * se, diff + tq * se, 2 * pt(-abs(diff / se), df))
}

out <- data.frame()
for (run in c("srs", "srs_by", "svy", "svy_by", "clu", "ps")) {
  by <- grepl("_by", run)
  groups <- if (by) lev$grp else ""
  part <- data.frame()
  for (g in groups) for (v in vars) {
    if (by && v$var == "grp") next
    if (v$var %in% skip) next
    rows <- if (by) !is.na(d$grp) & d$grp == g else rep(TRUE, n)
    x <- if (run %in% names(designs)) ratio_row(v, rows, designs[[run]])
         else if (grepl("svy", run)) svy_row(v, rows) else srs_row(v, rows)
    part <- rbind(part, data.frame(run = run, variable = v$var, level = v$level,
                                   statistic = v$stat, group = g,
                                   n_a = x[1], n_b = x[2], estimate_a = x[3], estimate_b = x[4],
                                   difference = x[5], std_error = x[6], conf_low = x[7],
                                   conf_high = x[8], p_value = x[9]))
  }
  part$p_adjusted <- p.adjust(part$p_value, "holm")
  out <- rbind(out, part)
}
options(digits = 15)
write.csv(out, dst, row.names = FALSE)
