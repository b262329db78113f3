# data-samples: sources and tests of this directory
