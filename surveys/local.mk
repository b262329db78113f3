# surveys: sources and tests of this directory
