"""Shared test settings: how many examples each property test draws.

`make test` (CI) draws 100 for each property, and for each case of a parametrized one;
`make test-deep` draws 300; `make check`, the quick edit loop, 10. HYPOTHESIS_PROFILE
chooses: ci (the default), deep or check.
"""

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("deep", max_examples=300, deadline=None, print_blob=True)
settings.register_profile("check", max_examples=10, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
