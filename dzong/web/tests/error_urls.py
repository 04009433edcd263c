"""The site's URLs with one page that fails, to see the 500 page through the front door."""

from django.urls import path

from dzong.urls import handler400, handler403, handler404, handler500, urlpatterns


def failing(request: object) -> None:
    raise RuntimeError("A fault for the error page's test.")


urlpatterns = [path("fails/", failing), path("api/v1/fails/", failing), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
