import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()

# The garbage collector. What is loaded at start-up (Django, Wagtail, the models) lives as long
# as the process: frozen, it is no longer walked by each full collection. A page allocates tens
# of thousands of short-lived objects, nearly all freed by reference counting: a higher first
# threshold runs the young collections about thirty times less often. Together they halve the
# collector's share of a release page (benchmark: 0.6 to 0.25 ms of 10 ms).
gc.freeze()
gc.set_threshold(20_000, 20, 20)
