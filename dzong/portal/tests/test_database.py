import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_expected_database():
    expected = os.environ.get("DZONG_EXPECT_DATABASE") or connection.vendor
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
