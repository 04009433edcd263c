"""Every URL of the platform: the portal and accounts, the back office, the designer, the API."""

from django.urls import include, path

from dzong.portal.account_views import set_language
from dzong.web.offline import service_worker

urlpatterns = [
    path("service-worker.js", service_worker, name="service_worker"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("dzong.portal.account_urls")),
    path("payments/", include("dzong.payments.urls")),
    path("", include("dzong.payments.staff_urls")),
    path("verify/", include("dzong.verify.urls")),
    path("", include("dzong.verify.credential_urls")),
    path("office/", include("dzong.office.urls")),
    path("centre/", include("dzong.centres.urls")),
    path("designer/", include("dzong.designer.urls")),
    path("api/v1/", include("dzong.api.urls")),
    path("audit/", include("dzong.audit.urls")),
    path("", include("dzong.transparency.urls")),
    path("", include("dzong.portal.urls")),
]

handler400 = "dzong.web.error_pages.bad_request"
handler403 = "dzong.web.error_pages.permission_denied"
handler404 = "dzong.web.error_pages.page_not_found"
handler500 = "dzong.web.error_pages.server_error"
