"""Course tools: the instructor's side of the kit, below the command line.

This package builds, hands out and grades the chapters' notebooks, and examines
the environment the course runs in. Each module holds one concern; the
``labkit`` commands (:mod:`labkit.commands`) parse arguments and call them.

Modules (each imports only the ones listed before it, and none imports argparse):

* :mod:`~labkit.course.notebook_files` — the course folders (``solutions/``,
  ``exercises/``), notebook naming conventions, the metadata every built notebook
  gets, reading notebooks and writing them byte-for-byte deterministically
  (:class:`CourseFolders`, :class:`BuildError`).
* :mod:`~labkit.course.processes` — every process a submission starts ends with
  it: the kernel's session, and on Linux a child subreaper (:class:`Containment`).
* :mod:`~labkit.course.execution` — run a notebook headless in a fresh kernel,
  within time and output limits, and collect its check records (:func:`run_notebook`).
* :mod:`~labkit.course.roster` — students, rosters, per-student world seeds and
  the ``assignment.csv`` manifest (:func:`read_roster`, :func:`derive_seed`).
* :mod:`~labkit.course.exercises` — build exercises notebooks from solutions
  notebooks by markers, find drift, re-run the solutions (``labkit exercises``).
* :mod:`~labkit.course.notebooks` — build ``notebooks/``, ``solutions/`` (run,
  with outputs) and ``exercises/`` from the text sources in ``sources/``
  (``labkit notebooks``).
* :mod:`~labkit.course.nbval_checks` — a pytest plugin: in the nbval runs of the
  course's notebooks, a cell that writes to stderr (a warning) fails.
* :mod:`~labkit.course.private_questions` — question modules the students' copy
  does not have (``--questions`` of ``labkit assign`` and ``labkit grade``).
* :mod:`~labkit.course.assign` — per-student copies of a chapter's exercises
  (``labkit assign``).
* :mod:`~labkit.course.bundle` — the students' copy of the kit, without the
  answers (``labkit assign --bundle``).
* :mod:`~labkit.course.gradebook` — graded submissions and how they are reported:
  the gradebook CSV and the feedback files.
* :mod:`~labkit.course.grading_setup` — every argument of ``labkit grade``
  checked before any notebook runs (:func:`prepare_grading`).
* :mod:`~labkit.course.grade` — run submissions and judge their recorded answers
  against each student's assigned world (``labkit grade``).
* :mod:`~labkit.course.environment` — examine Python, packages, font, JupyterLab
  and datasets (``labkit doctor``): :func:`diagnose` yields :class:`Finding` s.

Nothing is imported here: ``labkit doctor`` must load even when the notebook
tools' dependencies (nbformat, nbclient, jupytext) are broken, since reporting that is its
job. Import the module you need, e.g. ``from labkit.course.grade import grade_folder``.

Examples
--------
>>> from labkit.course.roster import derive_seed
>>> derive_seed("s001")
3152922641
"""
