"""WSGI entry point (gunicorn trilat.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from trilat.runtime import tune_gc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trilat.settings")

application = get_wsgi_application()
tune_gc()
