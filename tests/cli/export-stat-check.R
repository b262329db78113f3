# export-stat-check.R FILE.sav|FILE.dta WIDE.csv CODEBOOK.csv LANG
# Compares a .sav or .dta read with haven with the wide CSV export of the
# same store, through the codebook's name_in_file and code_in_file: every
# value, variable label and value label. Prints "ok" or the first
# differences and quits with status 1.
suppressMessages(library(haven))
a <- commandArgs(TRUE)
f <- if (grepl("\\.sav$", a[1])) read_sav(a[1]) else read_dta(a[1])
csv <- read.csv(a[2], colClasses = "character", check.names = FALSE, na.strings = NULL, encoding = "UTF-8")
cb <- read.csv(a[3], colClasses = "character", check.names = FALSE, na.strings = NULL, encoding = "UTF-8")
lab <- paste0("label::", a[4]); clab <- paste0("choice_label::", a[4])
if (!(lab %in% names(cb))) { lab <- "label"; clab <- "choice_label" }   # --lang: one column
bad <- character(0)
miss <- function(what) bad <<- c(bad, what)
if (nrow(f) != nrow(csv)) miss(sprintf("rows %d, csv %d", nrow(f), nrow(csv)))
for (v in unique(cb$variable[cb$type != "derived"])) {
  rows <- cb[cb$variable == v, ]
  x <- csv[[v]]
  if (rows$type[1] == "select_multiple") {
    for (k in seq_len(nrow(rows))) {
      y <- f[[rows$name_in_file[k]]]
      want <- ifelse(x == "", NA, as.numeric(sapply(strsplit(x, " "),
                                                    function(t) rows$choice[k] %in% t)))
      if (!identical(as.numeric(zap_labels(y)), want)) miss(paste("values of", rows$name_in_file[k]))
      if (!identical(unname(attr(y, "labels")), c(0, 1))) miss(paste("0/1 labels of", rows$name_in_file[k]))
    }
    next
  }
  y <- f[[rows$name_in_file[1]]]
  if (is.null(y)) { miss(paste("no variable for", v)); next }
  if (inherits(y, "Date")) {
    if (!identical(ifelse(is.na(y), "", format(y)), x)) miss(paste("dates of", v))
  } else if (rows$type[1] %in% c("meta", "attribute") || is.character(y)) {
    if (!identical(as.character(y), x)) miss(paste("text of", v))
  } else if (rows$code_in_file[1] != "") {
    want <- as.numeric(rows$code_in_file[match(x, rows$choice)])
    if (!identical(as.numeric(zap_labels(y)), want)) miss(paste("codes of", v))
    labels <- attr(y, "labels")
    if (!identical(names(labels), rows[[clab]]) ||
        !identical(as.numeric(labels), as.numeric(rows$code_in_file)))
      miss(paste("value labels of", v))
  } else if (!isTRUE(all.equal(as.numeric(zap_labels(y)), suppressWarnings(as.numeric(x))))) {
    miss(paste("numbers of", v))
  }
  want <- rows[[lab]][1]
  if (grepl("\\.dta$", a[1])) want <- trimws(substr(want, 1, 80), "right")   # Stata's limit
  if (!(rows$type[1] %in% c("meta", "attribute")) && !identical(attr(y, "label"), want))
    miss(paste("variable label of", v))
}
if (length(bad)) { cat(head(bad, 10), sep = "\n"); quit(status = 1) }
cat("ok\n")
