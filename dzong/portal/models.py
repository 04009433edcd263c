"""What an installation says about itself: its accessibility statement, privacy notice,
contact and help pages, written by its administrators in both languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class InformationPage(models.Model):
    """One of the site's information pages as the installation wrote it; a blank text falls
    back to the text Dzong ships."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", "Accessibility statement"
        PRIVACY = "privacy", "Privacy notice"
        CONTACT = "contact", "Contact"
        HELP = "help", "Help"

    slug = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    title_en = models.CharField(max_length=200, blank=True)
    title_dz = models.CharField(max_length=200, blank=True)
    body_en = models.TextField(blank=True)
    body_dz = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self) -> str:
        return self.slug
