"""The ``gridbase`` command: the composition root, the only package that imports both faces."""
