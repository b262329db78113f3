# make-responses.R - the synthetic responses of the repeats reference: 60
# households (group grp; strata st, clusters psu nested in them and
# weights wt as attributes), each
# with 0-4 persons (repeat `person`), each person with 0-3 trips (the
# nested repeat `trip`).
#   Rscript make-responses.R   (in this folder) -> responses.csv,
#   responses-person.csv, responses-trip.csv (the files `kysely import`
#   reads together, interfaces.md section 5)
set.seed(1818)
n <- 60
ids <- sprintf("r%03d", seq_len(n))
miss <- function(v, p) { v[runif(length(v)) < p] <- NA; v }
main <- data.frame(respondent = ids, status = "complete", started = "", completed = "",
                   lang = "", grp = sample(c("x", "y"), n, replace = TRUE),
                   st = sample(c("north", "south", "east"), n, replace = TRUE),
                   wt = round(runif(n, 1, 4), 2))
main$psu <- paste0(main$st, sample(1:4, n, replace = TRUE))
np <- sample(0:4, n, replace = TRUE, prob = c(.1, .3, .3, .2, .1))
person <- data.frame(respondent = rep(ids, np), pos = sequence(np))
m <- nrow(person)
person$parent <- ""
person$key <- sprintf("%s/person[%d]", person$respondent, person$pos)
person$sex <- miss(sample(c("f", "m"), m, replace = TRUE), .05)
person$age <- miss(pmax(0, round(rnorm(m, 38, 18))), .06)
person$langs <- miss(sapply(seq_len(m), function(i) {
  o <- c("fi", "sv", "en")[runif(3) < c(.85, .25, .5)]
  if (!length(o)) "fi" else paste(o, collapse = " ")
}), .05)
nt <- sample(0:3, m, replace = TRUE, prob = c(.3, .3, .25, .15))
trip <- data.frame(respondent = rep(person$respondent, nt), parent = rep(person$key, nt),
                   pos = sequence(nt))
k <- nrow(trip)
trip$key <- sprintf("%s/trip[%d]", trip$parent, trip$pos)
trip$km <- miss(round(rexp(k, 1 / 12), 1), .06)
trip$mode <- miss(sample(c("car", "bus", "bike"), k, replace = TRUE, prob = c(.55, .3, .15)), .05)
w <- function(d, f) write.csv(d, f, row.names = FALSE, na = "", quote = FALSE)
w(main, "responses.csv")
w(person[, c("respondent", "parent", "key", "sex", "age", "langs")], "responses-person.csv")
w(trip[, c("respondent", "parent", "key", "km", "mode")], "responses-trip.csv")
