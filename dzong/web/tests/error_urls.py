"""The site's URLs with pages that fail (a fault; a database out of reach), to see the 500 and
503 pages through the front door."""

from django.conf import settings
from django.db.utils import ConnectionHandler
from django.urls import path

from dzong.urls import handler400, handler403, handler404, handler500, urlpatterns


def failing(request: object) -> None:
    raise RuntimeError("A fault for the error page's test.")


def unreachable(request: object) -> None:
    """A query to a database that cannot be reached: a closed port, or a file in no folder."""
    database = {**settings.DATABASES["default"], "PORT": "1", "NAME": "/no/such/folder/db"}
    if "sqlite" not in database["ENGINE"]:
        database["NAME"] = "dzong"
    gone = ConnectionHandler({"default": database})["default"]
    try:
        gone.cursor()
    finally:
        gone.close()


urlpatterns = [
    path("fails/", failing),
    path("api/v1/fails/", failing),
    path("unreachable/", unreachable),
    path("api/v1/unreachable/", unreachable),
    *urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
