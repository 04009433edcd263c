import sys

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "dzong.certificates"
    verbose_name = "Certificates"

    def ready(self) -> None:
        from dzong.applications.personal_data import register_part
        from dzong.certificates.personal_data import certificate_files, certificates_of

        register_part("certificates", certificates_of, certificate_files)
        # A task worker loads the PDF libraries (seconds) when it starts, not while the
        # applicant waits for the first certificate.
        if "db_worker" in sys.argv[1:2]:
            import dzong.certificates.services  # noqa: F401
