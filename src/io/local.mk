# src/io: sources and tests of this directory
