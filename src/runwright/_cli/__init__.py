"""The ``runwright`` command: argument parsing (main), one module per subcommand, rendering."""
