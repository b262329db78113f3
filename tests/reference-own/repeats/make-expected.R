# Expected values of the repeats reference (interfaces.md section 5): each
# repeat's questions estimated over its instances with the respondent as
# the cluster, R's survey package on the instance-level data:
#   svydesign(ids = ~respondent, [strata = ~st,] [weights = ~wt], data = instances)
# (ids = ~psu with --cluster psu)
# then per question and group (the whole sample, and grp's levels in runs
# u and w) the domain of the instances answering it (subset(), so the
# design keeps every PSU): svyciprop(method = "logit") per choice (an
# option of a select_multiple a 0/1 variable; its interval computed from
# svymean as svyciprop does at convergence, expit(logit p -+ t(degf) se /
# (p q)), since svyciprop's glm stops at epsilon 1e-8: the script checks
# svyciprop's own numbers agree to 1e-6), svymean with
# confint(df = degf(domain)), svyquantile(0.5, ci = TRUE) (Woodruff, survey
# 4.1 defaults); `respondents` counts the respondents whose instances make
# the base. expected-tests.csv: per select_one question (and per option
# of a select_multiple, chosen or not) against --by grp, svychisq(~y + g)
# (Rao-Scott F, the default) on the instances answering both. Runs, as
# tests/cli/analyze-repeats.sh calls kysely:
#   u  --by grp                  (equal weights: svydesign without weights)
#   w  --by grp --weight wt
#   s  --strata st --weight wt
#   c  --strata st --cluster psu --weight wt   (respondents nested in the
#      clusters psu, the PSUs: svydesign(ids = ~psu, strata = ~st, ...))
# Where R gives NaN or noise the conventions of shared/reference/README.md
# hold, as for the top-level questions: a share of 0 or 1 has std_error 0
# and the interval [p, p]; a standard error below 1e-13 is 0.
#   Rscript make-expected.R   (in this folder; R 4.2, survey 4.1)
suppressPackageStartupMessages(library(survey))
main <- read.csv("responses.csv", colClasses = "character")
main$wt <- as.numeric(main$wt)
questions <- list(
  person = list(sex = c("f", "m"), age = NULL, langs = c("fi", "sv", "en")),
  trip = list(km = NULL, mode = c("car", "bus", "bike")))
multiple <- "langs"
runs <- list(u = list(by = "grp", weight = FALSE, strata = FALSE, ids = ~respondent),
             w = list(by = "grp", weight = TRUE, strata = FALSE, ids = ~respondent),
             s = list(by = "", weight = TRUE, strata = TRUE, ids = ~respondent),
             c = list(by = "", weight = TRUE, strata = TRUE, ids = ~psu))
out <- list(); tests <- list()
test <- function(...) tests[[length(tests) + 1]] <<- data.frame(...)
add <- function(...) out[[length(out) + 1]] <<- data.frame(...)
tiny <- function(se) if (se < 1e-13) 0 else se
chosen <- function(v, lv, multi)
  if (multi) vapply(strsplit(ifelse(is.na(v), "", v), " ", fixed = TRUE),
                    function(p) lv %in% p, TRUE) else !is.na(v) & v == lv
for (rep in names(questions)) {
  d <- read.csv(sprintf("responses-%s.csv", rep), colClasses = "character", na.strings = "")
  d <- merge(d, main[, c("respondent", "grp", "st", "psu", "wt")], by = "respondent", sort = FALSE)
  for (run in names(runs)) {
    o <- runs[[run]]
    des <- suppressWarnings(svydesign(ids = o$ids, strata = if (o$strata) ~st else NULL,
                     weights = if (o$weight) ~wt else NULL, data = d))
    groups <- list(list(by = "", g = "", sel = rep(TRUE, nrow(d))))
    if (o$by != "")
      for (g in sort(unique(d[[o$by]])))
        groups[[length(groups) + 1]] <- list(by = o$by, g = g, sel = d[[o$by]] == g)
    if (o$by != "") for (q in names(questions[[rep]])) {
      levels <- questions[[rep]][[q]]
      if (is.null(levels)) next
      v <- d[[q]]; dom <- !is.na(v) & !is.na(d[[o$by]])
      for (lv in if (q %in% multiple) levels else "") {
        y <- if (lv == "") v else ifelse(chosen(v, lv, TRUE), "chosen", "not")
        sub <- subset(update(des, y = factor(y), g = factor(d[[o$by]])), dom)
        r <- svychisq(~y + g, sub)
        test(run = run, `repeat` = rep, variable = q, by = o$by, level = lv,
             test = "rao-scott", statistic = r$statistic[[1]], df = r$parameter[[1]],
             df2 = r$parameter[[2]], p_value = r$p.value[[1]], n = sum(dom), check.names = FALSE)
      }
    }
    for (G in groups) for (q in names(questions[[rep]])) {
      v <- d[[q]]; dom <- G$sel & !is.na(v); base <- sum(dom)
      if (base == 0) next
      resp <- length(unique(d$respondent[dom]))
      row <- function(level, statistic, n, est, se, ci)
        add(run = run, `repeat` = rep, variable = q, by = G$by, group = G$g, level = level,
            statistic = statistic, n = n, base = base, respondents = resp, estimate = est,
            std_error = se, conf_low = ci[1], conf_high = ci[2], check.names = FALSE)
      levels <- questions[[rep]][[q]]
      if (is.null(levels)) {
        dd <- update(des, y = as.numeric(v))
        sub <- subset(dd, dom)
        m <- svymean(~y, sub)
        row("", "mean", base, coef(m)[[1]], tiny(SE(m)[[1]]), confint(m, df = degf(sub))[1, ])
        md <- svyquantile(~y, sub, 0.5, ci = TRUE)
        row("", "median", base, md$y[1, "quantile"], md$y[1, "se"], md$y[1, c("ci.2.5", "ci.97.5")])
        next
      }
      for (lv in levels) {
        ind <- chosen(v, lv, q %in% multiple)
        x <- sum(ind & dom)
        if (x == 0 || x == base) {
          row(lv, "proportion", x, x / base, 0, c(x / base, x / base))
          next
        }
        sub <- subset(update(des, y = as.numeric(ind)), dom)
        m <- svymean(~y, sub)
        p <- coef(m)[[1]]; se <- tiny(SE(m)[[1]])
        ci <- if (se == 0) c(p, p) else
          plogis(qlogis(p) + c(-1, 1) * qt(0.975, degf(sub)) * se / (p * (1 - p)))
        ## svyciprop's own numbers: its glm stops at epsilon 1e-8
        cp <- svyciprop(~y, sub, method = "logit")
        stopifnot(abs(c(coef(cp)[[1]], attr(cp, "ci")) - c(p, ci)) < 1e-6)
        row(lv, "proportion", x, p, se, ci)
      }
    }
  }
}
write.csv(do.call(rbind, out), "expected.csv", row.names = FALSE, na = "", quote = FALSE)
write.csv(do.call(rbind, tests), "expected-tests.csv", row.names = FALSE, na = "", quote = FALSE)
