"""gunicorn settings for `make run` and deployments: `gunicorn -c python:forum.gunicorn_conf`."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# Without Redis, rate limits live in one process's memory: one worker, many threads.
workers = int(os.environ.get("WEB_CONCURRENCY", "4" if os.environ.get("REDIS_URL") else "1"))
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
    if server.cfg.workers > 1 and not os.environ.get("REDIS_URL"):
        raise SystemExit(
            "Several gunicorn workers need shared rate-limit storage: set REDIS_URL, "
            "or run one worker (WEB_CONCURRENCY=1)."
        )
    from forum import create_app

    # Once in the master, before any worker forks: the development secret key
    # file exists before the workers read it, and settings production refuses
    # stop the server here with their message instead of in every worker.
    create_app()
