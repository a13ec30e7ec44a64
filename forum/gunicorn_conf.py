"""gunicorn settings for `make run` and deployments: `gunicorn -c python:forum.gunicorn_conf`."""

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


def on_starting(server) -> None:
    from forum import create_app

    # Once in the master, before any worker forks: the development secret key
    # file exists before the workers read it, and settings production refuses
    # stop the server here with their message instead of in every worker.
    create_app()
