# src/tui: sources and tests of this directory
