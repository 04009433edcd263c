"""Static files: compressed, named by their content, with module imports rewritten too."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Like whitenoise's, but JavaScript `import` paths also point at the hashed files.

    Every file a page loads then has a content-named URL that browsers cache for a year, so a
    repeat visit downloads the HTML alone.
    """

    support_js_module_import_aggregation = True
