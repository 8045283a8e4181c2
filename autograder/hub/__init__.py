"""A class on JupyterHub: the hub's config, the private exchange, its users, a launcher.

- :mod:`autograder.hub.exchange`: nbgrader's exchange with permissions that keep students
  out of each other's submissions; ``course release`` and ``course feedback``.
- :mod:`autograder.hub.config`: the JupyterHub config, and each user's Jupyter and nbgrader
  config by role (students: the learner's lab and the Assignment List; instructors: nbgrader's
  instructor tools).
- :mod:`autograder.hub.users`: real local Unix users for a demo or a test hub.
- :mod:`autograder.hub.launcher`: installs jupyterhub and configurable-http-proxy, starts
  and stops the hub (``python3 workbook.py hub``).
"""
