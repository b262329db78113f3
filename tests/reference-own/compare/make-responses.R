# make-responses.R - the synthetic responses of the comparison reference
# (two waves of one form; strata st and weights wt as attributes).
#   Rscript make-responses.R   (in this folder) -> responses.csv
set.seed(1616)
n <- 160
wave <- rep(c("2015", "2026"), c(90, 70))
st <- sample(c("north", "south", "east"), n, replace = TRUE)
wt <- round(runif(n, 1, 4), 2)
grp <- sample(c("x", "y"), n, replace = TRUE)
pick <- function(v, p, miss = 0.05) {
  out <- sample(v, n, replace = TRUE, prob = p)
  out[runif(n) < miss] <- NA
  out
}
yn <- ifelse(wave == "2026", pick(c("yes", "no", "unsure"), c(.45, .4, .15)),
             pick(c("yes", "no", "unsure"), c(.3, .5, .2)))
num <- rpois(n, ifelse(wave == "2026", 6, 4))
num[runif(n) < .08] <- NA
act <- sapply(seq_len(n), function(i) {
  if (runif(1) < .1) return(NA)
  o <- c("refer", "police")[runif(2) < c(.5, .3)]
  if (!length(o)) "none" else paste(o, collapse = " ")
})
item <- function(key, good) {
  other <- if (key == "true") "false" else "true"
  r <- runif(n)
  v <- ifelse(r < good, key, ifelse(r < good + .2, "idk", other))
  v[runif(n) < .05] <- NA
  v
}
g <- ifelse(wave == "2026", .65, .5)
d <- data.frame(respondent = sprintf("r%03d", seq_len(n)), status = "complete",
                started = "", completed = "", lang = "", grp = grp, yn = yn, num = num,
                act = act, k1 = item("true", g), k2 = item("false", g - .1),
                k3 = item("true", g + .1), k4 = item("false", g), wave = wave, st = st, wt = wt)
write.csv(d, "responses.csv", row.names = FALSE, na = "", quote = FALSE)
