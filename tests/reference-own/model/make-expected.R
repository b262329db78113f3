# make-expected.R - the expected models.csv and models-fit.csv of
# tests/cli/model.sh, with R's lm and glm(family = binomial) on
# responses.csv (form/ defines the variables), and with survey's svyglm
# (gaussian, quasibinomial) under the design of run "design" and, with
# population.csv, post-stratified (run "poststratified"); with weights
# only ("weighted"), weights and strata ("stratified"), raked to
# population.csv and population-prof.csv ("raked") and post-stratified
# to population.csv ("poststratified-rows"), each respondent its own PSU.
# Run from this folder:
#   Rscript make-expected.R
# Knowledge scores as statistics.md "Knowledge tests": points of the
# chosen choice, unanswered items 0, respondents who answered no scored
# item (of the domain) not scored.
suppressMessages(library(survey))
d <- read.csv("responses.csv", na.strings = "", stringsAsFactors = FALSE)
d$prof <- factor(d$prof, levels = c("nurse", "doctor", "other"))
d$region <- factor(d$region, levels = c("north", "south", "east", "west"))
d$site <- factor(d$site)   # an attribute's levels are sorted
key <- c(k1 = "true", k2 = "false", k3 = "true", k4 = "false")
pts <- sapply(names(key), function(k) ifelse(is.na(d[[k]]), NA, as.numeric(d[[k]] == key[[k]])))
score_of <- function(items) {
  p <- pts[, items, drop = FALSE]
  reached <- rowSums(!is.na(p)) > 0
  ifelse(reached, rowSums(p, na.rm = TRUE), NA)
}
d$score <- score_of(names(key))
d$score_pct <- 100 * d$score / 4
d$knowledge_a <- 100 * score_of(c("k1", "k2")) / 2
d$correct_k1 <- ifelse(is.na(d$score), NA, as.numeric(!is.na(d$k1) & d$k1 == "true"))
d$pass <- as.numeric(d$score_pct >= 50)
d$aware_yes <- as.numeric(d$aware == "yes")

models <- list(
  list(run = "default", given = "sat ~ prof + region + years", f = sat ~ prof + region + years, fam = "gaussian"),
  list(run = "default", given = "sat ~ years + months", f = sat ~ years + months, fam = "gaussian"),
  list(run = "default", given = "aware=yes ~ prof + years", f = aware_yes ~ prof + years, fam = "binomial"),
  list(run = "default", given = "score_pct ~ prof + region", f = score_pct ~ prof + region, fam = "gaussian"),
  list(run = "default", given = "knowledge:a ~ years", f = knowledge_a ~ years, fam = "gaussian"),
  list(run = "default", given = "correct(k1) ~ prof + years", f = correct_k1 ~ prof + years, fam = "binomial"),
  list(run = "default", given = "score ~ prof", f = score ~ prof, fam = "gaussian"),
  list(run = "default", given = "pass ~ years", f = pass ~ years, fam = "binomial"),
  list(run = "default", given = "sat ~ site + age + prof", f = sat ~ site + age + prof, fam = "gaussian"),
  list(run = "ref", given = "aware=yes ~ prof + region", f = aware_yes ~ prof + region, fam = "binomial",
       ref = c(prof = "doctor", region = "south")),
  list(run = "design", given = "sat ~ prof + region + years", f = sat ~ prof + region + years, fam = "gaussian"),
  list(run = "design", given = "aware=yes ~ prof + years", f = aware_yes ~ prof + years, fam = "binomial"),
  list(run = "design", given = "score_pct ~ site + age", f = score_pct ~ site + age, fam = "gaussian"),
  list(run = "poststratified", given = "sat ~ prof + years", f = sat ~ prof + years, fam = "gaussian"),
  list(run = "poststratified", given = "aware=yes ~ years", f = aware_yes ~ years, fam = "binomial"),
  list(run = "weighted", given = "sat ~ prof + region + years", f = sat ~ prof + region + years, fam = "gaussian"),
  list(run = "weighted", given = "aware=yes ~ prof + years", f = aware_yes ~ prof + years, fam = "binomial"),
  list(run = "stratified", given = "sat ~ prof + region + years", f = sat ~ prof + region + years, fam = "gaussian"),
  list(run = "stratified", given = "aware=yes ~ prof + years", f = aware_yes ~ prof + years, fam = "binomial"),
  list(run = "raked", given = "aware=yes ~ prof + years", f = aware_yes ~ prof + years, fam = "binomial"),
  list(run = "poststratified-rows", given = "sat ~ prof + years", f = sat ~ prof + years, fam = "gaussian"),
  list(run = "poststratified-rows", given = "aware=yes ~ prof + years", f = aware_yes ~ prof + years, fam = "binomial")
)
population <- read.csv("population.csv", stringsAsFactors = FALSE)
names(population)[names(population) == "population"] <- "Freq"
population_prof <- read.csv("population-prof.csv", stringsAsFactors = FALSE)
names(population_prof)[names(population_prof) == "population"] <- "Freq"

coef_rows <- list(); fit_rows <- list()
for (m in models) {
  dd <- d
  if (!is.null(m$ref))
    for (v in names(m$ref)) dd[[v]] <- relevel(dd[[v]], ref = m$ref[[v]])
  svy <- m$run %in% c("design", "poststratified", "weighted", "stratified", "raked", "poststratified-rows")
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~wt, data = dd)
  if (m$run == "poststratified") des <- postStratify(des, ~stratum, population)
  # every respondent its own PSU: weights only, or within strata, or
  # raked to the strata and professions
  if (m$run %in% c("weighted", "raked")) des <- svydesign(ids = ~1, weights = ~wt, data = dd)
  if (m$run == "stratified") des <- svydesign(ids = ~1, strata = ~stratum, weights = ~wt, data = dd)
  if (m$run == "raked") des <- rake(des, list(~stratum, ~prof), list(population, population_prof))
  if (m$run == "poststratified-rows")
    des <- postStratify(svydesign(ids = ~1, weights = ~wt, data = dd), ~stratum, population)
  fit <- if (svy) svyglm(m$f, des, family = if (m$fam == "gaussian") gaussian() else quasibinomial())
    else if (m$fam == "gaussian") lm(m$f, data = dd) else glm(m$f, family = binomial, data = dd)
  s <- summary(fit)
  cf <- coef(fit)            # NA for aliased
  ct <- s$coefficients       # rows only for estimable
  ci <- if (m$fam == "gaussian" || svy) confint(fit) else confint.default(fit)
  mm <- model.matrix(fit)
  assign <- attr(mm, "assign")
  labs <- c("(Intercept)", attr(terms(fit), "term.labels"))
  for (j in seq_along(cf)) {
    nm <- names(cf)[j]
    term <- labs[assign[j] + 1]
    level <- if (term %in% c("prof", "region", "site")) substring(nm, nchar(term) + 1) else ""
    est <- se <- st <- pv <- NA
    if (nm %in% rownames(ct)) { est <- ct[nm, 1]; se <- ct[nm, 2]; st <- ct[nm, 3]; pv <- ct[nm, 4] }
    coef_rows[[length(coef_rows) + 1]] <- data.frame(
      run = m$run, model = m$given, term = term, level = level, estimate = est, std_error = se,
      statistic = st, df = if (m$fam == "gaussian" || svy) fit$df.residual else NA, p_value = pv,
      conf_low = ci[nm, 1], conf_high = ci[nm, 2],
      odds_ratio = if (m$fam == "binomial") exp(est) else NA,
      or_low = if (m$fam == "binomial") exp(ci[nm, 1]) else NA,
      or_high = if (m$fam == "binomial") exp(ci[nm, 2]) else NA,
      n = if (svy) length(fit$y) else nobs(fit))
  }
  # the Wald test of every term but the intercept
  b <- cf[!is.na(cf)][-1]; V <- vcov(fit)[names(b), names(b), drop = FALSE]
  w <- as.numeric(t(b) %*% solve(V, b)); q <- length(b)
  if (svy) {
    rt <- regTermTest(fit, as.formula(paste("~", paste(attr(terms(fit), "term.labels"), collapse = "+"))))
    wald <- c(rt$Ftest, rt$df, rt$p)
    dev <- fit$deviance; nulldev <- fit$null.deviance
    r2 <- if (m$fam == "gaussian") 1 - dev / nulldev else NA   # kysely's definition; R has none
  } else if (m$fam == "gaussian") {
    fs <- s$fstatistic
    wald <- c(fs[["value"]], fs[["numdf"]], pf(fs[["value"]], fs[["numdf"]], fs[["dendf"]], lower.tail = FALSE))
    dev <- deviance(fit); nulldev <- sum((fit$model[[1]] - mean(fit$model[[1]]))^2); r2 <- s$r.squared
  } else {
    wald <- c(w, q, pchisq(w, q, lower.tail = FALSE))
    dev <- fit$deviance; nulldev <- fit$null.deviance; r2 <- NA
  }
  fit_rows[[length(fit_rows) + 1]] <- data.frame(
    run = m$run, model = m$given, n = if (svy) length(fit$y) else nobs(fit), df_residual = fit$df.residual, deviance = dev,
    null_deviance = nulldev, aic = if (svy) NA else AIC(fit), r_squared = r2,
    wald_statistic = wald[1], wald_df = wald[2], wald_p = wald[3])
}
fmt <- function(x) { x <- do.call(rbind, x); for (k in names(x)) if (is.numeric(x[[k]])) x[[k]] <- ifelse(is.na(x[[k]]), "", sprintf("%.15g", x[[k]])); x }
write.csv(fmt(coef_rows), "expected-models.csv", row.names = FALSE, na = "")
write.csv(fmt(fit_rows), "expected-fit.csv", row.names = FALSE, na = "")
