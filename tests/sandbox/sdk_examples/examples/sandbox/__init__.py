# Make the examples/sandbox directory a package for tooling consistency.
