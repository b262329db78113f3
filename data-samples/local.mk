# data-samples: the SYNTHETIC sample study and the test that its README is true
EXTRA_DIST += data-samples/README.md data-samples/ht-needs-2015-synthetic.csv \
	data-samples/ht-needs-2026-synthetic.csv \
	data-samples/ht-needs-bad-rows-synthetic.csv \
	data-samples/population-by-profession-synthetic.csv \
	data-samples/make-samples.sh data-samples/item-difficulty.awk \
	data-samples/refresh-readme.py
EXTRA_DIST += data-samples/ht-needs-training-synthetic.csv data-samples/training.awk
TESTS += tests/cli/data-samples.sh
dist_check_SCRIPTS += tests/cli/data-samples.sh
