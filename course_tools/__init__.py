"""Build tooling of the course, apart from the library that the notebooks import (``course_utils``).

- ``project``         where the course checkout is, and its notebooks in order
- ``runner``          run notebooks in fresh kernels and time them
- ``kernels``         the kernel client that cannot miss a reply, and Unix sockets for every kernel
- ``openml_standin``  an offline stand-in for the MNIST download (two constructions)
- ``cells``           what builds do to cells: solutions, stubs, hidden tests, source checks
- ``student``         the student edition (solutions collapsed, a student's work kept)
- ``grading``         the nbgrader course folder and its scores
- ``slides``          offline reveal.js decks from executed notebooks
- ``site``            the course website from executed notebooks, in both languages
- ``translate``       the Spanish edition's catalogs, checks and translated notebooks
- ``i18n``            the messages the builds write into what students read, in their language
- ``__main__``        the command line: ``python -m course_tools lab | student | run | nbgrader | slides |
                      site | clean | translate``

Installed with the ``tools`` extra (``pip install -e '.[tools]'``); a student needs only ``lab`` and
``student``, which run with the student install.
"""
