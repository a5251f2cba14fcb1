"""Validation that scales: a fast SHACL path for the project's shapes, and a cache.

:mod:`.shapes` compiles a shapes graph into plain Python objects (or says it
cannot: anything outside the supported subset of SHACL Core falls back to
pyshacl); :mod:`.engine` evaluates them over every source's view at once,
re-checking a shared node in a source's view only when that source's
statements change what the check reads; :mod:`.cache` keeps each source's
results between runs, keyed by the content hashes of what they depend on.
"""
