"""Build tooling of the course, apart from the library that the notebooks import (``course_utils``).

- ``project``    where the course checkout is, and its notebooks in order
- ``execution``  run notebooks in fresh kernels and time them
- ``student``    the student version (solutions replaced by stubs)
- ``slides``     offline reveal.js decks from executed notebooks
- ``__main__``   the command line: ``python -m course_tools run | student | slides``

Installed with the ``tools`` extra (``pip install -e '.[tools]'``); students need none of it.
"""
