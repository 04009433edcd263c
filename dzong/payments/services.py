"""Paying fees: start, the payer's return, callbacks, counter payments, refunds, settling.

Only a verified callback, a status query to the provider, or staff at a counter mark a payment
paid; a paid payment before submission submits the application, once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.applications.services import SubmissionRefused, form_for
from dzong.audit.services import DATA_LIMIT, actor_of, append
from dzong.engine.errors import EngineError
from dzong.engine.fees import FeeLine, compute_fees
from dzong.payments.models import Payment, PaymentEvent, PaymentLine
from dzong.payments.providers import provider
from dzong.payments.providers.base import (
    CallbackRefused,
    GatewayNotice,
    PaymentRequest,
    ProviderError,
)
from dzong.payments.refund_notices import tell_of_refund
from dzong.payments.splitting import FeeShare, shares_of
from dzong.workflow.submission import submit_application

log = logging.getLogger(__name__)
OPEN = (Payment.Status.STARTED, Payment.Status.PENDING)
BEFORE = Payment.Purpose.BEFORE_SUBMISSION
# Cash taken in person: at an agency's counter, or at a community centre.
CASH_CHANNELS = ("counter", "centre")


class PaymentRefused(Exception):
    """This payment cannot be made or recorded; the message says why, to staff or a payer."""


@dataclass(frozen=True)
class Started:
    """A payment handed to the gateway, and where to send the payer."""

    payment: Payment
    redirect_url: str


def fees_due(*, application: Application, purpose: str) -> tuple[str, list[FeeShare]]:
    """The currency and the fees due at `purpose`: worked out from the answers for a draft,
    as recorded at submission afterwards."""
    if application.is_draft:
        form = form_for(application)
        fees = compute_fees(application.definition, form.effective_answers(application.answers))
        return fees.currency, shares_of(line for line in fees.lines if line.due == purpose)
    lines = [_stored_line(line) for line in application.fees if line["due"] == purpose]
    currency = application.fees[0]["currency"] if application.fees else "BTN"
    return currency, shares_of(lines)


def _stored_line(line: dict[str, Any]) -> FeeLine:
    from dzong.engine.definition import Text

    label = Text(en=line["label"]["en"], dz=line["label"].get("dz"))
    return FeeLine(
        code=line["code"],
        label=label,
        agency=line["agency"],
        account=line["account"],
        amount=line["amount"],
        due=line["due"],
    )


def paid_payment(*, application: Application, purpose: str) -> Payment | None:
    """The payment that settled these fees, if any."""
    found: Payment | None = application.payments.filter(purpose=purpose, status="paid").first()
    return found


def amount_owed(*, application: Application, purpose: str) -> int:
    """What is still to pay at `purpose` (0 once paid; nothing due asks no payment)."""
    due = sum(share.amount for share in fees_due(application=application, purpose=purpose)[1])
    if due and paid_payment(application=application, purpose=purpose) is not None:
        return 0
    return due


def must_pay_before_submission(*, application: Application) -> bool:
    """Whether this draft's fees must be paid before it is submitted (and are not yet)."""
    try:
        return application.is_draft and amount_owed(application=application, purpose=BEFORE) > 0
    except EngineError:  # fees not computable yet: the answers are incomplete
        return False


def _check_payable(application: Application, purpose: str) -> tuple[str, list[FeeShare]]:
    if application.is_test:  # a designer's test run shows its fees and never takes money
        raise PaymentRefused(_("A test run takes no money."))
    if purpose == BEFORE and not application.is_draft:
        raise PaymentRefused(_("This application was already submitted."))
    if purpose != BEFORE and application.status != Application.Status.APPROVED:
        raise PaymentRefused(_("These fees are due once the application is approved."))
    if paid_payment(application=application, purpose=purpose) is not None:
        raise PaymentRefused(_("These fees are already paid."))
    if purpose == BEFORE and form_for(application).validate_all(application.answers):
        raise PaymentRefused(_("Some answers are missing or need changing."))
    currency, shares = fees_due(application=application, purpose=purpose)
    if not sum(share.amount for share in shares):
        raise PaymentRefused(_("Nothing is due."))
    return currency, shares


@transaction.atomic
def _create_payment(
    application: Application, purpose: str, code: str, currency: str, shares: list[FeeShare]
) -> Payment:
    payment = Payment.objects.create(
        reference=_new_code("PAY"),
        verification_code=_new_code("R"),
        application=application,
        purpose=purpose,
        provider=code,
        amount=sum(share.amount for share in shares),
        currency=currency,
    )
    PaymentLine.objects.bulk_create(
        PaymentLine(
            payment=payment,
            fee=share.fee,
            label_en=share.label_en,
            label_dz=share.label_dz,
            agency=share.agency,
            account=share.account,
            amount=share.amount,
        )
        for share in shares
    )
    record_payment_event(payment, PaymentEvent.Kind.STARTED)
    return payment


def _new_code(prefix: str) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return prefix + "-" + "".join(secrets.choice(alphabet) for _ in range(10))


def start_payment(
    *, application: Application, purpose: str, base_url: str, provider_code: str = ""
) -> Started:
    """Open a payment of the fees due and hand it to the gateway; ProviderError if it fails.

    A declined or abandoned earlier attempt costs nothing: each attempt is its own payment.
    """
    currency, shares = _check_payable(application, purpose)
    code = provider_code or settings.DZONG_PAYMENT_PROVIDER
    payment = _create_payment(application, purpose, code, currency, shares)
    base = base_url.rstrip("/")
    request = PaymentRequest(
        reference=payment.reference,
        amount=payment.amount,
        currency=payment.currency,
        description=f"{application.reference} {application.definition.slug}",
        return_url=base + reverse("payments:return", args=[payment.reference]),
        callback_url=base + reverse("payments:callback", args=[code]),
    )
    checkout = provider(code).start_payment(request)
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk, status=Payment.Status.STARTED).update(
            status=Payment.Status.PENDING,
            provider_payment_id=checkout.provider_payment_id,
            updated_at=timezone.now(),
        )
        record_payment_event(payment, PaymentEvent.Kind.SENT_TO_GATEWAY)
    payment.refresh_from_db()
    return Started(payment, checkout.redirect_url)


def record_return(*, payment: Payment, params: dict[str, str]) -> Payment:
    """The payer came back from the gateway; what they bring is recorded, never trusted."""
    hint = provider(payment.provider).read_return(params)
    record_payment_event(payment, PaymentEvent.Kind.RETURNED, details={"says": hint})
    payment.refresh_from_db()
    return payment


def handle_callback(*, provider_code: str, body: bytes, headers: dict[str, str]) -> Payment:
    """Apply a provider's server-to-server callback; CallbackRefused (and recorded) if bad.

    The same callback any number of times gives one payment and one submission.
    """
    try:
        notice = provider(provider_code).read_callback(body, headers)
    except CallbackRefused as refused:
        _record_refusal(provider_code, refused.reason, refused.reference)
        raise
    return apply_notice(notice=notice, provider_code=provider_code, source="callback")


def apply_notice(*, notice: GatewayNotice, provider_code: str, source: str) -> Payment:
    """What a trusted provider says happened to a payment, checked against what was asked."""
    payment: Payment | None = Payment.objects.filter(
        provider=provider_code, reference=notice.reference
    ).first()
    if payment is None:
        _record_refusal(provider_code, "unknown payment", "")
        raise CallbackRefused("unknown payment")
    mismatch = _mismatch(payment, notice)
    if mismatch:
        _record_refusal(provider_code, mismatch, payment.reference)
        raise CallbackRefused(mismatch, reference=payment.reference)
    if notice.status == "paid":
        return _mark_paid(payment, source=source)
    if notice.status == "failed":
        return _mark_failed(payment, source=source)
    return payment


def _mismatch(payment: Payment, notice: GatewayNotice) -> str:
    if notice.amount != payment.amount:
        return "amount differs"
    if notice.currency != payment.currency:
        return "currency differs"
    if payment.provider_payment_id and notice.provider_payment_id != payment.provider_payment_id:
        return "gateway payment differs"
    return ""


def _record_refusal(provider_code: str, reason: str, reference: str) -> None:
    payment = Payment.objects.filter(reference=reference).first() if reference else None
    log.warning("Refused a %s callback: %s", provider_code, reason)
    record_payment_event(
        payment,
        PaymentEvent.Kind.CALLBACK_REFUSED,
        source=provider_code,
        details={"reason": reason, "claimed_reference": reference},
    )


def _mark_paid(payment: Payment, *, source: str, actor: Any = None) -> Payment:
    try:
        with transaction.atomic():
            now = timezone.now()
            won = Payment.objects.filter(pk=payment.pk, status__in=OPEN).update(
                status=Payment.Status.PAID, paid_at=now, updated_at=now
            )
            if not won:
                record_payment_event(payment, PaymentEvent.Kind.CALLBACK_REPEATED, source=source)
            else:
                record_payment_event(payment, PaymentEvent.Kind.PAID, source=source, actor=actor)
                _move_application_on(payment, actor)
    except IntegrityError:  # another payment of the same fees was paid first
        return _refund_double_payment(payment, source=source)
    payment.refresh_from_db()
    return payment


def _mark_failed(payment: Payment, *, source: str) -> Payment:
    with transaction.atomic():
        now = timezone.now()
        if Payment.objects.filter(pk=payment.pk, status__in=OPEN).update(
            status=Payment.Status.FAILED, updated_at=now
        ):
            record_payment_event(payment, PaymentEvent.Kind.FAILED, source=source)
        else:
            record_payment_event(payment, PaymentEvent.Kind.CALLBACK_REPEATED, source=source)
    payment.refresh_from_db()
    return payment


def _move_application_on(payment: Payment, actor: Any = None) -> None:
    """Fees due before submission are paid: submit the application (once)."""
    if payment.purpose != BEFORE:
        return
    application = Application.objects.select_related("service_version").get(
        pk=payment.application_id
    )
    if not application.is_draft:
        return
    try:
        with transaction.atomic():
            _check_amount_unchanged(payment, application)
            submit_application(
                application=application,
                idempotency_key=f"payment-{payment.reference}",
                actor_id=getattr(actor, "pk", None),
            )
    except SubmissionRefused as refused:
        errors = sorted(refused.errors)
        record_payment_event(
            payment, PaymentEvent.Kind.SUBMISSION_REFUSED, details={"fields": errors}
        )
        return
    record_payment_event(payment, PaymentEvent.Kind.APPLICATION_SUBMITTED)


def _check_amount_unchanged(payment: Payment, application: Application) -> None:
    """Answers changed since paying so that the fees differ: staff must sort it out."""
    _, shares = fees_due(application=application, purpose=BEFORE)
    if sum(share.amount for share in shares) != payment.amount:
        raise SubmissionRefused({"": "The fees changed after paying."})


def _refund_double_payment(payment: Payment, *, source: str) -> Payment:
    """The same fees were paid twice (two tabs): give this second payment back at once."""
    record_payment_event(payment, PaymentEvent.Kind.PAID, source=source, details={"double": True})
    claimed = Payment.objects.filter(pk=payment.pk, status__in=OPEN, refund_claimed_at=None)
    if not claimed.update(refund_claimed_at=timezone.now()):  # another callback refunds it
        payment.refresh_from_db()
        return payment
    try:
        provider(payment.provider).refund(payment.provider_payment_id, payment.amount)
    except ProviderError:
        log.exception("Could not refund double payment %s", payment.reference)
        Payment.objects.filter(pk=payment.pk).update(refund_claimed_at=None)
        return payment
    now = timezone.now()
    with transaction.atomic():
        if Payment.objects.filter(pk=payment.pk, status__in=OPEN).update(
            status=Payment.Status.REFUNDED,
            paid_at=now,
            refunded_at=now,
            updated_at=now,
            refund_claimed_at=None,
        ):
            payment.lines.update(refunded_at=now)  # the reconciliation counts refunds by line
        refunded = record_payment_event(
            payment, PaymentEvent.Kind.REFUNDED, details={"reason": "paid twice"}
        )
        tell_of_refund(payment=payment, refunded=refunded, amount=payment.amount)
    payment.refresh_from_db()
    return payment


def record_counter_payment(
    *,
    application: Application,
    purpose: str,
    receipt_number: str,
    staff: Any,
    channel: str = "counter",
) -> Payment:
    """Cash taken at a counter, with the receipt number handed out; the application proceeds.

    The caller checked that `staff` holds a counter role for this application's agency, or
    (`channel` "centre") is the community centre's operator who made it with consent.
    """
    if channel not in CASH_CHANNELS:
        raise ValueError(f"{channel} is not a cash channel.")
    receipt_number = receipt_number.strip()
    if not receipt_number:
        raise PaymentRefused(_("Enter the receipt number"))
    currency, shares = _check_payable(application, purpose)
    if Payment.objects.filter(provider=channel, provider_payment_id=receipt_number).exists():
        raise PaymentRefused(_("This receipt number was already recorded"))
    payment = _create_payment(application, purpose, channel, currency, shares)
    Payment.objects.filter(pk=payment.pk).update(
        provider_payment_id=receipt_number, counter_receipt=receipt_number, recorded_by=staff
    )
    return _mark_paid(payment, source=channel, actor=staff)


def refund_payment(
    *,
    payment: Payment,
    actor: Any = None,
    reason: str = "",
    lines: Iterable[PaymentLine] | None = None,
) -> Payment:
    """Give a paid payment back through the provider it came through, and record it: all of
    it, or only `lines` (the fees whose refund rule gives them back).

    The payment is claimed first, so the provider is asked once however many workers try;
    the provider's answer is recorded, and a refund it did not confirm is not recorded done.
    """
    line_ids = None if lines is None else [line.pk for line in lines]
    asked = _claim_refund(payment, line_ids, reason)
    try:
        answer = provider(payment.provider).refund(payment.provider_payment_id, asked.amount)
    except ProviderError:
        settle_refund_claim(payment=payment)  # it may have refunded before the answer was lost
        raise
    if not _confirms(answer, asked):
        _release_refund_claim(payment, answer, asked.claimed_at)
        raise ProviderError(f"The provider did not confirm the refund of {payment.reference}.")
    record_refund(
        payment=payment, lines=asked.lines, actor=actor, reason=reason, source="", answer=answer
    )
    payment.refresh_from_db()
    return payment


@dataclass(frozen=True)
class RefundAsked:
    """The lines of a claimed payment asked back of the provider, and what was given before."""

    lines: list[PaymentLine]
    amount: int
    refunded_before: int
    claimed_at: dt.datetime | None = None


def _claim_refund(payment: Payment, line_ids: list[int] | None, reason: str) -> RefundAsked:
    """Mark the payment as being refunded (a compare-and-set: one claimant wins)."""
    with transaction.atomic():
        now = timezone.now()
        won = Payment.objects.filter(
            pk=payment.pk, status=Payment.Status.PAID, refund_claimed_at=None
        ).update(refund_claimed_at=now)
        if not won:
            current = Payment.objects.get(pk=payment.pk)
            if current.status != Payment.Status.PAID:
                raise PaymentRefused(_("Only a paid payment can be refunded."))
            raise PaymentRefused(_("This payment is already being refunded."))
        asked = _asked_lines(payment, line_ids, claimed_at=now)
        if not asked.amount:
            raise PaymentRefused(_("Nothing of this payment is left to refund."))
        lines = [line.pk for line in asked.lines]
        details = {"lines": lines, "amount": asked.amount, "reason": reason}
        record_payment_event(payment, PaymentEvent.Kind.REFUND_ASKED, details=details)
    return asked


def _asked_lines(
    payment: Payment, line_ids: list[int] | None, *, claimed_at: dt.datetime | None
) -> RefundAsked:
    every = PaymentLine.objects.filter(payment=payment)
    chosen = every.filter(refunded_at=None)
    if line_ids is not None:
        chosen = chosen.filter(pk__in=line_ids)
    before = sum(every.exclude(refunded_at=None).values_list("amount", flat=True))
    lines = list(chosen)
    return RefundAsked(lines, sum(line.amount for line in lines), before, claimed_at)


def _confirms(answer: GatewayNotice | None, asked: RefundAsked) -> bool:
    """Whether the provider's answer shows this refund given (no answer: nobody to ask)."""
    if answer is None:
        return True
    return answer.status == "refunded" or answer.refunded >= asked.refunded_before + asked.amount


def _release_refund_claim(
    payment: Payment, answer: GatewayNotice | None, claimed_at: dt.datetime | None
) -> None:
    """End this claim (not one taken since), recording that the refund was not given."""
    with transaction.atomic():
        if Payment.objects.filter(pk=payment.pk, refund_claimed_at=claimed_at).update(
            refund_claimed_at=None
        ):
            record_payment_event(
                payment, PaymentEvent.Kind.REFUND_NOT_DONE, details=_answer_details(answer)
            )


def _answer_details(answer: GatewayNotice | None) -> dict[str, Any]:
    if answer is None:
        return {}
    return {"gateway": {"status": answer.status, "refunded": answer.refunded}}


def settle_refund_claim(*, payment: Payment) -> bool:
    """A refund asked of the provider whose answer was lost: ask the provider what it did,
    and record the refund it gave, or release the claim if it gave none; whether settled."""
    claimed_at = Payment.objects.get(pk=payment.pk).refund_claimed_at
    asked_event = payment.events.filter(kind=PaymentEvent.Kind.REFUND_ASKED).last()
    if claimed_at is None or asked_event is None:
        return claimed_at is None
    try:
        answer = provider(payment.provider).query_status(payment.provider_payment_id)
    except ProviderError:
        log.warning("Could not ask the provider about the refund of %s", payment.reference)
        return False
    asked = _asked_lines(payment, asked_event.details.get("lines"), claimed_at=claimed_at)
    if asked.amount and _confirms(answer, asked):
        reason = str(asked_event.details.get("reason", ""))
        record_refund(
            payment=payment, lines=asked.lines, actor=None, reason=reason, source="", answer=answer
        )
    else:
        _release_refund_claim(payment, answer, claimed_at)
    return True


def record_refund(
    *,
    payment: Payment,
    lines: list[PaymentLine],
    actor: Any,
    reason: str,
    source: str,
    answer: GatewayNotice | None = None,
) -> bool:
    """Mark the lines refunded now, and the payment refunded once all of its lines are; once.

    The provider's answer, when there is one, is recorded with it; the refund claim ends."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        open_lines = locked.lines.filter(pk__in=[line.pk for line in lines], refunded_at=None)
        if locked.status != Payment.Status.PAID or not open_lines.exists():
            return False
        now = timezone.now()
        amount = sum(open_lines.values_list("amount", flat=True))
        open_lines.update(refunded_at=now)
        if not locked.lines.filter(refunded_at=None).exists():
            locked.status = Payment.Status.REFUNDED
            locked.refunded_at = now
        locked.updated_at, locked.refund_claimed_at = now, None
        locked.save(update_fields=["status", "refunded_at", "updated_at", "refund_claimed_at"])
        details = {"reason": reason} | ({"amount": amount} if amount != locked.amount else {})
        details |= _answer_details(answer)
        refunded = record_payment_event(
            locked, PaymentEvent.Kind.REFUNDED, source=source, actor=actor, details=details
        )
        tell_of_refund(payment=locked, refunded=refunded, amount=amount)
    return True


def settle_pending_payments(*, older_than: dt.timedelta | None = None) -> int:
    """Ask the gateway about payments left open, and settle those it has decided; how many."""
    if older_than is None:
        older_than = dt.timedelta(seconds=settings.DZONG_PAYMENT_SETTLE_AFTER_SECONDS)
    settled = 0
    open_payments = Payment.objects.open_since(timezone.now() - older_than).exclude(
        provider_payment_id=""
    )
    for payment in open_payments[:500]:
        gateway = provider(payment.provider)
        if not gateway.online:
            continue
        try:
            notice = gateway.query_status(payment.provider_payment_id)
            after = apply_notice(notice=notice, provider_code=payment.provider, source="status")
        except (ProviderError, CallbackRefused):
            log.warning("Could not settle payment %s", payment.reference)
            continue
        settled += not after.is_open
    return settled


def record_payment_event(
    payment: Payment | None,
    kind: str,
    *,
    source: str = "",
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> PaymentEvent:
    """Record what happened to a payment, and append it to the audit log, in one transaction:
    every payment event is recorded through here."""
    with transaction.atomic(savepoint=False):
        event = PaymentEvent.objects.create(
            payment=payment, kind=kind, source=source, actor=actor, details=details or {}
        )
        append(
            actor=actor_of(actor),
            action=f"payment.{kind}",
            subject=f"payment:{payment.reference if payment else '-'}",
            data=_audited(source, details or {}),
        )
    return event


def _audited(source: str, details: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a payment event: its source, and its details when short."""
    kept: dict[str, Any] = {"source": source}
    if len(json.dumps(details, default=str)) <= DATA_LIMIT // 2:
        kept["details"] = details
    return kept
