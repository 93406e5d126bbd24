import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxlab.settings")
application = get_wsgi_application()
# Import every view now, as the server starts, rather than in the first request each
# process serves (about a second of it).
import_module(settings.ROOT_URLCONF)
