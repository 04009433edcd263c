import threading

import pytest
from django.db import connection

from dzong.accounts.models import User
from dzong.applications.models import Application, IssuedRegistration
from dzong.applications.tests.factories import business_draft
from dzong.catalogue.tests.support import ensure_demo
from dzong.workflow.submission import submit_application

SUBMISSIONS = 8


@pytest.mark.django_db(transaction=True)
def test_submissions_at_the_same_moment_never_deadlock_nor_skip_or_repeat_a_number():
    ensure_demo()
    # Last year's sequences and this year's, created in an order unlike their keys' order.
    submit_application(application=business_draft(User.objects.create_user("first@example.bt")))
    drafts = [
        business_draft(User.objects.create_user(f"race-{n}@example.bt"), name=f"Race {n} Crafts")
        for n in range(SUBMISSIONS)
    ]
    barrier = threading.Barrier(SUBMISSIONS)
    outcomes: list[object] = []

    def submit(draft: Application) -> None:
        try:
            barrier.wait()
            own = Application.objects.get(pk=draft.pk)
            outcomes.append(submit_application(application=own).created)
        except Exception as error:  # a deadlock would show here
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [True] * SUBMISSIONS, outcomes
    for prefix in ("BL", "TPN", "EMP"):
        numbers = IssuedRegistration.objects.filter(number__startswith=f"{prefix}-").values_list(
            "number", flat=True
        )
        serials = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
        assert serials == list(range(1, SUBMISSIONS + 2)), (prefix, serials)
