"""gunicorn's settings for the registry: `gunicorn` in the checkout (or `-c gunicorn.conf.py`).

Each can be overridden on the command line or by the GUNICORN_* variables read below; the
app's own settings stay in instance/config.py and VOLUNTEER_* (docs/operations.md §3).
"""

import multiprocessing
import os

wsgi_app = "volunteer:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers answer one request at a time each: 2 per core leaves room for a slow export
# while the others go on signing people in. Rate limits and jobs are shared through Redis
# (VOLUNTEER_REDIS_URL), so any number of workers counts one login limit.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"

# The slowest synchronous answers left are the streamed national CSV of a whole city (under
# 10 s at city scale), people.xlsx (30,000 rows, about 8 s) and a records workbook up to
# XLSX_RECORDS_MAX_ROWS (50,000 rows, about 13 s); bigger workbooks run as background jobs.
# 120 s leaves a slow disk or a busy database ample room and still frees a hung worker.
# nginx's proxy_read_timeout must be at least this (docs/operations.md §5).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# On HUP (systemctl reload) or TERM, a worker finishes the request it is answering, up to
# this long, before it is stopped: a download in progress is not cut off by a deploy.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 120))
keepalive = 5
# Replace each worker after about a thousand requests, staggered, to bound slow memory growth.
max_requests = 1000
max_requests_jitter = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
