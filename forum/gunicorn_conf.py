"""gunicorn settings for `make run` and deployments: `gunicorn -c python:forum.gunicorn_conf`."""

import gc
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# Rate limits are counted in the database (or Redis), which every worker shares, so the embedded
# default uses two processes (both cores of a small machine); with Redis, a deployment's four.
workers = int(os.environ.get("WEB_CONCURRENCY", "4" if os.environ.get("REDIS_URL") else "2"))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "8"))
accesslog = "-"
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl),
# so every instance on a machine would take it from the one before. Agora needs
# none; CONTROL_SOCKET gives an instance a socket of its own.
control_socket = os.environ.get("CONTROL_SOCKET", "")
control_socket_disable = not control_socket
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# The master builds the application once and the workers fork from it: they answer without
# importing Agora again, and share the master's memory copy-on-write. Settings production
# refuses stop the master before any worker starts, with their message.
preload_app = True
# Python's collector stays off while the master loads the application (this module is read first;
# importing it runs only the package's small __init__): loading makes about 150,000 objects and
# little garbage (under a thousand), and scanning them took a tenth of the loading's CPU. Before
# forking, pre_fork freezes everything loaded, so no collector ever scans it, and switches the
# collector back on, for the master and the workers it forks.
gc.disable()


def when_ready(server) -> None:
    from sqlalchemy.orm import configure_mappers

    from forum.templating import load_templates

    app = server.app.wsgi()
    # SQLAlchemy finishes its mappers on the first query, Jinja compiles a template on its first
    # render; done here, the workers share the results and their first requests do neither.
    with app.app_context():
        configure_mappers()
    load_templates(app)


def pre_fork(server, worker) -> None:
    # Python's collector writes to every object it scans, copying the page it lives on into
    # the worker that ran it; frozen objects (the whole loaded application) are never scanned.
    gc.freeze()
    gc.enable()


def post_fork(server, worker) -> None:
    from forum.extensions import db

    # A pooled connection is a socket or file the master opened; two processes must not share it.
    with server.app.wsgi().app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
