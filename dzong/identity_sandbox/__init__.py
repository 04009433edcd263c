"""A sandbox national identity provider (OpenID Connect) for the demo and the tests.

It is a small Django project of its own, built on django-oauth-toolkit's OpenID Connect
provider, and runs as its own server: `python -m dzong.identity_sandbox --port 8002`.
"""
