# src/store: sources and tests of this directory
