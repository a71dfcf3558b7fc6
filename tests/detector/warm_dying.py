"""A target whose import kills the process, as a library that crashes while loading
would: the analysis child dies before it reads its first job
(tests/detector/test_warm_child.py). Only in a child process: imported anywhere else
(a doctest run, say) it does nothing."""

import multiprocessing
import os

if multiprocessing.parent_process() is not None:
    os._exit(3)
