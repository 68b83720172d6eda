# Shared support code for sandbox examples.
