"""The ``labkit`` commands: one module per command, with ``add_arguments`` and ``run``."""
