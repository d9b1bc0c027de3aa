"""Shared test settings."""

import os

from hypothesis import settings

# At least 300 generated examples for each property test, every run.
settings.register_profile("retrograd", max_examples=300, deadline=None, print_blob=True)
# `make check`, the quick edit loop, draws fewer; `make test` keeps the 300.
settings.register_profile("check", max_examples=30, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "retrograd"))
