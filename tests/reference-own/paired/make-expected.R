# make-expected.R - the R reference for `kysely analyze --paired
# phase=pre:post --link linkage_code --by profession` (statistics.md,
# "Comparisons between waves and before/after training"), written
# independently of kysely from the form's keys:
#   per item: binom.test on the discordant pairs (McNemar's exact test)
#   and the Wald interval of the difference of paired proportions;
#   knowledge, knowledge:a, knowledge:b: t.test(paired = TRUE) on score
#   and score_pct, Cohen's d_z, the normalised gain on score_pct, and
#   wilcox.test(paired = TRUE) on the differences of points (the doctors'
#   five pairs differ by 1, -2, 3, 4, 5: the exact regime; the others have
#   ties and zeros: the normal one with continuity correction);
#   unlinked, near_miss, duplicate counts.
#   Rscript make-expected.R   (in this folder) -> expected.csv
d <- read.csv("responses.csv", colClasses = "character", na.strings = "")
key <- c(k1 = "true", k2 = "false", k3 = "true", k4 = "false", k5 = "true", k6 = "false")
sets <- list(knowledge = names(key), "knowledge:a" = c("k1", "k2", "k3"),
             "knowledge:b" = c("k4", "k5", "k6"))
points <- sapply(names(key), function(k) as.numeric(!is.na(d[[k]]) & d[[k]] == key[[k]]))
reached <- rowSums(!is.na(d[, names(key)])) > 0

# linking: a code once in each phase pairs; a code twice in a phase never
pre <- which(d$phase == "pre"); post <- which(d$phase == "post")
once <- function(rows) rows[!(d$linkage_code[rows] %in% d$linkage_code[rows][duplicated(d$linkage_code[rows])])]
upre <- once(pre); upost <- once(post)
m <- match(d$linkage_code[upre], d$linkage_code[upost])
pairs <- data.frame(pre = upre[!is.na(m)], post = upost[m[!is.na(m)]])
duplicate <- length(pre) - length(upre) + length(post) - length(upost)
unlinked <- length(pre) + length(post) - 2 * nrow(pairs)
parts <- function(x) do.call(rbind, strsplit(x, ".", fixed = TRUE))[, 2:4, drop = FALSE]
lpre <- setdiff(pre, pairs$pre); lpost <- setdiff(post, pairs$post)
near <- 0
for (i in lpre) for (j in lpost)
  near <- near + (sum(parts(d$linkage_code[i]) != parts(d$linkage_code[j])) == 1)
pairs <- pairs[reached[pairs$pre] & reached[pairs$post], ]

out <- data.frame()
add <- function(...) out <<- rbind(out, data.frame(..., row.names = NULL))
num <- function(x) if (length(x) == 0 || is.null(x)) NA else as.numeric(x)[1]
groups <- list(list(level = "", rows = rep(TRUE, nrow(pairs))))
for (p in c("nurse", "social", "doctor"))
  groups[[length(groups) + 1]] <- list(level = paste0("profession=", p),
                                       rows = d$profession[pairs$pre] == p)
for (g in groups) {
  pr <- pairs[g$rows, ]
  n <- nrow(pr)
  for (k in names(key)) {
    a <- points[pr$pre, k]; b <- points[pr$post, k]
    n10 <- sum(a == 1 & b == 0); n01 <- sum(a == 0 & b == 1)
    p <- if (n01 + n10 > 0) binom.test(n01, n01 + n10, 0.5)$p.value else 1
    diff <- (n01 - n10) / n
    se <- sqrt((n01 + n10) - (n01 - n10)^2 / n) / n
    z <- qnorm(0.975)
    add(variable = k, level = g$level, statistic = "p_correct", test = "mcnemar-exact",
        n_pairs = n, estimate_pre = mean(a), estimate_post = mean(b), difference = diff,
        std_error = se, conf_low = diff - z * se, conf_high = diff + z * se, p_value = p,
        effect_size = NA, normalized_gain = NA)
  }
  for (s in names(sets)) {
    its <- sets[[s]]
    x <- rowSums(points[pr$pre, its, drop = FALSE]); y <- rowSums(points[pr$post, its, drop = FALSE])
    w <- suppressWarnings(wilcox.test(y, x, paired = TRUE))
    dd <- y - x; nz <- sum(dd != 0)
    rb <- 4 * num(w$statistic) / (nz * (nz + 1)) - 1
    for (pct in c(FALSE, TRUE)) {
      f <- if (pct) 100 / length(its) else 1
      tt <- t.test(y * f, x * f, paired = TRUE)
      add(variable = s, level = g$level, statistic = if (pct) "score_pct" else "score",
          test = "t-paired", n_pairs = n, estimate_pre = mean(x * f), estimate_post = mean(y * f),
          difference = num(tt$estimate), std_error = num(tt$stderr),
          conf_low = tt$conf.int[1], conf_high = tt$conf.int[2], p_value = tt$p.value,
          effect_size = mean(dd) / sd(dd),
          normalized_gain = if (pct) (mean(y * f) - mean(x * f)) / (100 - mean(x * f)) else NA)
      add(variable = s, level = g$level, statistic = if (pct) "score_pct" else "score",
          test = "wilcoxon", n_pairs = n, estimate_pre = median(x * f),
          estimate_post = median(y * f), difference = median(dd * f), std_error = NA,
          conf_low = NA, conf_high = NA, p_value = w$p.value, effect_size = rb,
          normalized_gain = NA)
    }
  }
}
for (s in c("unlinked", "near_miss", "duplicate"))
  add(variable = "phase", level = "", statistic = s, test = "",
      n_pairs = c(unlinked = unlinked, near_miss = near, duplicate = duplicate)[[s]],
      estimate_pre = NA, estimate_post = NA, difference = NA, std_error = NA, conf_low = NA,
      conf_high = NA, p_value = NA, effect_size = NA, normalized_gain = NA)
write.csv(out, "expected.csv", row.names = FALSE, na = "")
