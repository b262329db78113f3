# bench: sources and tests of this directory
