# analysis: sources and tests of this directory
