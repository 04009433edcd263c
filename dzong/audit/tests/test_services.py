"""The audit log: `verify` names the first entry edited, deleted or moved, and signed
checkpoints catch a chain recomputed after an edit."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from joserfc import jws
from joserfc.jwk import KeySet

from dzong.audit.models import Checkpoint, Entry, Head
from dzong.audit.services import append, digest_of, sign_checkpoint, verify
from dzong.conftest import twice_at_once


def _three() -> list[Entry]:
    return [
        append(actor="staff:7", action="decided", subject="application:DZ-1", data={"to": "ok"}),
        append(actor="applicant:9", action="paid", subject="payment:P-1", data={"amount": 500}),
        append(actor="system", action="issued", subject="certificate:C-1"),
    ]


def _problem() -> str:
    report = verify()
    return report.problem.what if report.problem else ""


@pytest.mark.django_db
def test_a_log_as_written_is_whole_and_the_command_says_so(empty_database):
    _three()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "3 entries" in out.getvalue()
    assert [e.position for e in Entry.objects.order_by("position")] == [1, 2, 3]


@pytest.mark.django_db
def test_an_edited_entry_is_named(empty_database):
    _three()
    Entry.objects.filter(position=2).update(data={"amount": 5})
    assert _problem() == "entry 2 was edited"
    with pytest.raises(CommandError, match="entry 2 was edited"):
        call_command("audit", "verify", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_deleted_entry_is_named_in_the_middle_and_at_the_end(empty_database):
    _three()
    Entry.objects.filter(position=3).delete()
    assert _problem() == "entries 3 to 3 were deleted"
    Entry.objects.filter(position=2).delete()
    assert _problem() == "entries 2 to 3 were deleted"
    append(actor="system", action="issued", subject="certificate:C-2")
    Entry.objects.filter(position=1).delete()
    assert _problem() == "entry 1 was deleted"


@pytest.mark.django_db
def test_entries_moved_out_of_order_are_found(empty_database):
    _, second, third = _three()
    Entry.objects.filter(pk=second.pk).update(position=99)
    Entry.objects.filter(pk=third.pk).update(position=2)
    Entry.objects.filter(pk=second.pk).update(position=3)
    assert _problem() == "entry 2 does not follow the entry before it"


@pytest.mark.django_db
def test_a_chain_recomputed_after_an_edit_is_caught_by_the_signed_checkpoint(empty_database):
    _three()
    sign_checkpoint()
    _rewrite_from(2, data={"amount": 5})  # a forger with database access recomputes it all
    assert _problem() == "the chain up to entry 3 was rewritten after it was signed"


@pytest.mark.django_db
def test_a_checkpoint_changed_afterwards_is_forged(empty_database):
    _three()
    checkpoint = sign_checkpoint()
    Checkpoint.objects.filter(pk=checkpoint.pk).update(digest="0" * 64)
    assert _problem() == "the checkpoint at 3 is forged"


@pytest.mark.django_db(transaction=True)
def test_two_appends_at_once_make_one_chain():
    outcomes = twice_at_once(lambda: append(actor="system", action="x", subject="s:1"))
    assert all(isinstance(outcome, Entry) for outcome in outcomes), outcomes
    assert sorted(e.position for e in Entry.objects.all()) == [1, 2]
    assert Head.objects.count() == 1
    assert verify().problem is None


@pytest.mark.django_db
def test_entries_refuse_documents(empty_database):
    with pytest.raises(ValueError, match="short facts"):
        append(actor="system", action="x", subject="s:1", data={"text": "x" * 5000})
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_anyone_can_check_a_published_checkpoint_with_the_keys_published_beside_it(empty_database):
    _three()
    sign_checkpoint()
    client = Client()
    published = client.get("/audit/checkpoints.json").json()
    keys = KeySet.import_key_set({"keys": published["keys"]})
    payload = json.loads(
        jws.deserialize_compact(published["checkpoints"][0]["token"], keys).payload
    )
    head = Entry.objects.get(position=3)
    assert (payload["position"], payload["digest"]) == (3, head.digest)


def _rewrite_from(position: int, **changes: object) -> None:
    previous = Entry.objects.get(position=position - 1).digest
    for entry in Entry.objects.filter(position__gte=position).order_by("position"):
        for name, value in changes.items():
            setattr(entry, name, value)
        changes = {}
        entry.previous = previous
        entry.digest = previous = digest_of(
            position=entry.position,
            recorded_at=entry.recorded_at,
            actor=entry.actor,
            action=entry.action,
            subject=entry.subject,
            data=entry.data,
            previous=entry.previous,
        )
        entry.save()
    Head.objects.update(digest=previous)


@pytest.mark.django_db
def test_every_payment_event_is_in_the_log_with_who_did_it():
    from dzong.payments.models import PaymentEvent
    from dzong.payments.tests.test_counter_refunds import rejected_cash_payment

    payment = rejected_cash_payment()  # paid at the counter, rejected, due back in cash
    entries = Entry.objects.filter(subject=f"payment:{payment.reference}").order_by("position")
    kinds = list(PaymentEvent.objects.filter(payment=payment).order_by("pk").values_list("kind"))
    assert [e.action for e in entries] == [f"payment.{kind}" for (kind,) in kinds]
    paid = entries.get(action="payment.paid")
    cashier = PaymentEvent.objects.get(payment=payment, kind="paid").actor
    assert paid.actor == f"staff:{cashier.pk}" and paid.data["source"] == "counter"
    assert entries.get(action="payment.refund_due").actor == "system"
    assert verify().problem is None


@pytest.mark.django_db
def test_staff_and_role_changes_are_in_the_log_with_who_made_them(demo):
    from dzong.accounts.administration import add_staff, remove_role
    from dzong.catalogue.models import Role
    from dzong.workflow.tests.factories import staff

    admin = staff("administrator", "rsta")
    role = Role.objects.get(agency__code="rsta", code="transport-officer")
    member = add_staff(agency="rsta", actor=admin, email="new@rsta.bt", full_name="N", roles=[role])
    remove_role(agency="rsta", actor=admin, staff=member, role=role)
    logged = Entry.objects.filter(subject=f"staff:{member.pk}").order_by("position")
    assert [(e.actor, e.action, e.data["role"]) for e in logged][-1] == (
        f"staff:{admin.pk}",
        "staff.removed",
        "transport-officer",
    )
    assert verify().problem is None


@pytest.mark.django_db
def test_a_staff_read_of_an_application_is_in_the_log(applicant):
    from dzong.workflow.services import record_read
    from dzong.workflow.tests.factories import staff, submitted

    application = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    record_read(application=application, staff=officer, what="insurance.pdf")
    read = Entry.objects.get(action="application.read")
    assert (read.actor, read.subject, read.data["what"]) == (
        f"staff:{officer.pk}",
        f"application:{application.reference}",
        "insurance.pdf",
    )
