"""gunicorn, the production server: `gunicorn` run in the project folder reads this.

Every value can be set from the environment, as the platform running the site
expects: PORT or GUNICORN_BIND, WEB_CONCURRENCY (worker processes) and
GUNICORN_THREADS. Workers are plain processes (sync): the pages are quick and cached,
and a slow client is the reverse proxy's business, not the app's.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
wsgi_app = "policytracker.wsgi:application"
# A request that takes this long is stuck: the worker is replaced (and the error
# logged) rather than holding a connection for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Workers are replaced now and then, so that no slow growth of memory lasts.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# "-" logs each request to stdout; GUNICORN_ACCESS_LOG=off logs none.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
if accesslog == "off":
    accesslog = None
errorlog = "-"
# Behind a proxy on the same machine that sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
