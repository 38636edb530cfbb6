"""The site's own settings, plus one route only the benchmark serves: a bare view
through the whole middleware stack, the ceiling the pages are measured against."""

from policytracker.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PAGE_CACHE_EXEMPT_PATHS = [*PAGE_CACHE_EXEMPT_PATHS, "/bench/"]  # noqa: F405
