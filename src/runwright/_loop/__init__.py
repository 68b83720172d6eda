"""The run loop: a pure ``decide`` step, an ``executor`` for I/O, and the one ``driver``."""
