# make-expected.R - the R reference for kysely's knowledge gap profile and
# reliability (statistics.md, "Knowledge tests"): share_correct,
# share_incorrect, share_dont_know, share_missing (means of each
# respondent's shares, t interval or survey::svymean), alpha (Feldt interval
# by psych::alpha.ci, survey::svycralpha under a design) and sem, for
# `knowledge` and each domain, whole sample and by grp, unweighted and
# weighted by wt. Written independently of kysely from the form's keys.
#   Rscript make-expected.R   (in this folder) -> expected.csv
suppressMessages({ library(survey); library(psych) })
d <- read.csv("responses.csv", colClasses = "character", na.strings = "")
key <- c(k1 = "true", k2 = "false", k3 = "true", k4 = "false", k5 = "true")
domain <- c(k1 = "a", k2 = "a", k3 = "a", k4 = "b", k5 = "b", k6 = "b")
items <- names(domain)
n <- nrow(d)
outcome <- matrix("", n, 6, dimnames = list(NULL, items))
points <- matrix(0, n, 6, dimnames = list(NULL, items))
for (it in names(key)) {
  v <- d[[it]]
  outcome[, it] <- ifelse(is.na(v), "missing", ifelse(v == "idk", "dont_know",
                          ifelse(v == key[[it]], "correct", "incorrect")))
  points[, it] <- ifelse(!is.na(v) & v == key[[it]], 1, 0)
}
score6 <- c(debt = 1, docs = 1, tattoo = -1, dk = 0)
for (i in seq_len(n)) {
  v <- d$k6[i]
  if (is.na(v)) { outcome[i, "k6"] <- "missing"; next }
  opts <- strsplit(v, " ")[[1]]
  p <- max(0, sum(score6[opts]))
  points[i, "k6"] <- p
  outcome[i, "k6"] <- if (identical(opts, "dk")) "dont_know" else if (p == 2) "correct" else "incorrect"
}
reached <- rowSums(outcome != "missing") > 0
d$wt <- as.numeric(d$wt)
sets <- list(knowledge = items, "knowledge:a" = items[domain == "a"],
             "knowledge:b" = items[domain == "b"])
out <- data.frame()
for (it in items) d[[paste0("p_", it)]] <- points[, it]
run <- ""
add <- function(var, by, group, stat, est, se = NA, lo = NA, hi = NA)
  out <<- rbind(out, data.frame(run = run, variable = var, by = by, group = group, statistic = stat, row.names = NULL,
                                estimate = as.numeric(est)[1], std_error = as.numeric(se)[1],
                                conf_low = as.numeric(lo)[1], conf_high = as.numeric(hi)[1]))
for (weighted in c(FALSE, TRUE)) {
  run <- if (weighted) "weighted" else "srs"
  for (v in names(sets)) {
    its <- sets[[v]]
    d$total <- rowSums(points[, its, drop = FALSE])
    for (o in c("correct", "incorrect", "dont_know", "missing"))
      d[[paste0("share_", o)]] <- rowSums(outcome[, its, drop = FALSE] == o) / length(its)
    des <- svydesign(ids = ~1, weights = ~wt, data = d)
    groups <- list(list(by = "", group = "", rows = rep(TRUE, n)),
                   list(by = "grp", group = "x", rows = d$grp == "x"),
                   list(by = "grp", group = "y", rows = d$grp == "y"))
    for (g in groups) {
      keep <- reached & g$rows
      for (o in c("correct", "incorrect", "dont_know", "missing")) {
        s <- paste0("share_", o)
        if (weighted) {
          sub <- subset(des, keep)
          m <- svymean(as.formula(paste0("~", s)), sub)
          # the design df of a domain counts the PSUs holding domain members
          # (statistics.md): every row is its own PSU here
          ci <- confint(m, df = sum(keep) - 1)
          add(v, g$by, g$group, s, coef(m), SE(m), ci[1], ci[2])
        } else {
          x <- d[[s]][keep]
          se <- sd(x) / sqrt(length(x))
          tq <- qt(0.975, length(x) - 1)
          add(v, g$by, g$group, s, mean(x), se, mean(x) - tq * se, mean(x) + tq * se)
        }
      }
      X <- points[keep, its, drop = FALSE]
      if (weighted) {
        sub <- subset(des, keep)
        a <- svycralpha(as.formula(paste("~", paste0("p_", its, collapse = "+"))), sub)
        vt <- coef(svyvar(~total, sub))
        add(v, g$by, g$group, "alpha", unname(a))
        add(v, g$by, g$group, "sem", sqrt(vt[[1]]) * sqrt(1 - unname(a)))
      } else {
        k <- ncol(X)
        a <- k / (k - 1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X)))
        ci <- alpha.ci(a, nrow(X), k, digits = 15, p.val = 0.05)
        add(v, g$by, g$group, "alpha", a, NA, ci$lower.ci, ci$upper.ci)
        add(v, g$by, g$group, "sem", sd(rowSums(X)) * sqrt(1 - a))
      }
    }
  }
}
write.csv(out, "expected.csv", row.names = FALSE, na = "")

# items.csv (statistics.md, "Knowledge tests"): per item and group, among
# respondents who reached the test, the outcome counts and shares (the
# p_correct interval: Wilson = prop.test(correct = FALSE), or svyciprop
# logit on the domain's df under the design), r = cor(x, total - x)
# (psych's r.drop), discrimination by the type-7 quantiles 0.27 / 0.73 of
# the totals, alpha if deleted (psych's alpha.drop); weighted, r from
# svyvar's covariance (cov2cor) and alpha if deleted by svycralpha, the
# discrimination index unweighted in both runs. -> expected-items.csv
outs <- c("correct", "incorrect", "dont_know", "missing")
for (it in items) for (o in outs)
  d[[paste0("o_", it, "_", o)]] <- as.numeric(outcome[, it] == o)
for (it in items) d[[paste0("rest_", it)]] <- rowSums(points[, setdiff(items, it), drop = FALSE])
des <- svydesign(ids = ~1, weights = ~wt, data = d)
items_out <- data.frame()
for (weighted in c(FALSE, TRUE)) {
  for (g in list(list(by = "", group = "", rows = rep(TRUE, n)),
                 list(by = "grp", group = "x", rows = d$grp == "x"),
                 list(by = "grp", group = "y", rows = d$grp == "y"))) {
    keep <- reached & g$rows
    X <- points[keep, items, drop = FALSE]
    total <- rowSums(X)
    q <- quantile(total, c(0.27, 0.73), type = 7)
    ps <- suppressWarnings(psych::alpha(X, check.keys = FALSE, warnings = FALSE))
    sub <- subset(des, keep)
    for (it in items) {
      oc <- outcome[keep, it]
      cnt <- sapply(outs, function(o) sum(oc == o))
      m <- sum(keep)
      if (weighted) {
        p <- sapply(outs, function(o)
          coef(svymean(as.formula(paste0("~o_", it, "_", o)), sub))[[1]])
        ci <- svyciprop(as.formula(paste0("~o_", it, "_correct")), sub, method = "logit",
                        df = m - 1)
        ci <- attr(ci, "ci")
      } else {
        p <- cnt / m
        ci <- prop.test(cnt[["correct"]], m, correct = FALSE)$conf.int
      }
      x <- X[, it]
      r <- cor(x, total - x)
      stopifnot(abs(r - ps$item.stats[it, "r.drop"]) < 1e-12)
      disc <- mean(oc[total >= q[2]] == "correct") - mean(oc[total <= q[1]] == "correct")
      Y <- X[, setdiff(items, it)]
      k <- ncol(Y)
      aid <- k / (k - 1) * (1 - sum(apply(Y, 2, var)) / var(rowSums(Y)))
      stopifnot(abs(aid - ps$alpha.drop[it, "raw_alpha"]) < 1e-12)
      if (weighted) {
        v <- as.matrix(svyvar(as.formula(paste0("~p_", it, "+rest_", it)), sub))
        r <- cov2cor(v)[1, 2]
        aid <- unname(svycralpha(as.formula(paste("~", paste0("p_", setdiff(items, it), collapse = "+"))), sub))
      }
      flags <- c(if (p[["correct"]] > 0.9) "easy", if (p[["correct"]] < 0.2) "hard",
                 if (r < 0.2) "low_discrimination", if (r < 0) "negative",
                 if (p[["incorrect"]] > p[["correct"]]) "misconception")
      items_out <- rbind(items_out, data.frame(
        run = if (weighted) "weighted" else "srs", item = it, by = g$by, group = g$group,
        n = m, correct = cnt[["correct"]], incorrect = cnt[["incorrect"]],
        dont_know = cnt[["dont_know"]], missing = cnt[["missing"]],
        p_correct = p[["correct"]], p_correct_low = ci[1], p_correct_high = ci[2],
        p_incorrect = p[["incorrect"]], p_dont_know = p[["dont_know"]],
        p_missing = p[["missing"]], item_rest_r = r, discrimination = disc,
        alpha_if_deleted = aid, flags = paste(flags, collapse = " "), row.names = NULL))
    }
  }
}
write.csv(items_out, "expected-items.csv", row.names = FALSE, na = "")
