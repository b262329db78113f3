# src/form: sources and tests of this directory
