import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dzong.engine.errors import EngineError
from dzong.engine.form import Form
from dzong.engine.registrations import applicable_registrations, required_documents
from dzong.engine.tests.support import demo_document, demo_service, problems_of

TODAY = dt.date(2026, 11, 23)
ABOUT_YOU = {
    "full_name": "Karma Wangchuk",
    "cid": "11501234567",
    "date_of_birth": {"day": "1", "month": "2", "year": "1990"},
    "mobile": "17123456",
}
BUSINESS = {
    "business_name": "Druk Café",
    "activity": "restaurant",
    "dzongkhag": "paro",
    "employees": "3",
    "rents_premises": "no",
}


class TakenNames:
    def __init__(self, *names):
        self.names = set(names)

    def is_taken(self, *, service, registration, value):
        return value in self.names


@pytest.fixture
def form():
    return Form(demo_service("register-business"), today=TODAY)


def test_a_valid_page_gives_typed_answers(form):
    result = form.validate_page("about-you", ABOUT_YOU, {})
    assert result.errors == {}
    assert result.answers == {
        "full_name": "Karma Wangchuk",
        "cid": "11501234567",
        "date_of_birth": "1990-02-01",
        "mobile": "17123456",
    }


def test_an_applicant_under_18_is_told_so_and_keeps_what_they_typed(form):
    typed = {**ABOUT_YOU, "date_of_birth": {"day": "24", "month": "11", "year": "2008"}}
    result = form.validate_page("about-you", typed, {})
    assert result.errors == {"date_of_birth": "You must be 18 or older to register a business"}
    assert result.typed == {"date_of_birth": typed["date_of_birth"]}
    assert result.answers["full_name"] == "Karma Wangchuk"


def test_an_applicant_turning_18_today_may_register(form):
    typed = {**ABOUT_YOU, "date_of_birth": {"day": "23", "month": "11", "year": "2008"}}
    assert form.validate_page("about-you", typed, {}).errors == {}


def test_each_wrong_answer_gets_its_own_message(form):
    typed = {
        "full_name": "",
        "cid": "1234",
        "date_of_birth": {"day": "31", "month": "2", "year": "1990"},
        "mobile": "12345678",
        "email": "not-an-email",
    }
    assert form.validate_page("about-you", typed, {}).errors == {
        "full_name": "Enter the full name",
        "cid": "Citizenship ID number must be 11 digits",
        "date_of_birth": "Date of birth must be a real date",
        "mobile": "Enter a mobile number of 8 digits starting with 17 or 77",
        "email": "Enter an email address in the correct format, like name@example.com",
    }


def test_messages_come_in_dzongkha_for_a_dzongkha_reader():
    form = Form(demo_service("register-business"), language="dz", today=TODAY)
    errors = form.validate_page("about-you", {**ABOUT_YOU, "cid": "12"}, {}).errors
    assert errors == {"cid": "མི་ཁུངས་ངོ་སྤྲོད་ལག་ཁྱེར་ཨང་། ཨང་ ༡༡ དགོ།"}


def test_tibetan_digits_and_spaces_are_read_as_numbers(form):
    typed = {**BUSINESS, "employees": "༡༢"}
    assert form.validate_page("your-business", typed, {}).answers["employees"] == 12
    spaced = {**ABOUT_YOU, "cid": "115 0123 4567"}
    assert form.validate_page("about-you", spaced, {}).answers["cid"] == "11501234567"


def test_a_choice_not_in_the_list_is_refused(form):
    errors = form.validate_page("your-business", {**BUSINESS, "dzongkhag": "atlantis"}, {}).errors
    assert errors == {"dzongkhag": "Select the dzongkhag from the list"}


def test_a_business_name_already_licensed_is_refused_whatever_its_case_and_spacing():
    form = Form(demo_service("register-business"), today=TODAY, issued=TakenNames("druk café"))
    typed = {**BUSINESS, "business_name": "  DRUK   Café "}
    assert form.validate_page("your-business", typed, {}).errors == {
        "business_name": "A business with this name is already licensed. Choose another name"
    }


def test_the_documents_page_shows_only_when_premises_are_rented(form):
    answers = form.validate_page("your-business", BUSINESS, {}).answers
    assert [p.code for p in form.visible_pages(answers)] == ["about-you", "your-business"]
    assert required_documents(form, answers) == []
    rented = form.validate_page("your-business", {**BUSINESS, "rents_premises": "yes"}, {}).answers
    assert [p.code for p in form.visible_pages(rented)][-1] == "documents"
    assert [d.code for d in required_documents(form, rented)] == ["lease"]
    assert form.next_page("your-business", rented).code == "documents"
    assert form.next_page("your-business", answers) is None
    assert form.progress("your-business", rented) == (2, 3)


def test_a_hidden_page_keeps_no_answers_in_effect(form):
    answers = {
        "rents_premises": False,
        "lease_agreement": {"name": "l.pdf", "size": 10, "content_type": "application/pdf"},
    }
    assert "lease_agreement" not in form.effective_answers(answers)


def test_an_upload_is_checked_by_type_and_size(form):
    def upload(content_type, size):
        raw = {"lease_agreement": {"name": "lease.pdf", "size": size, "content_type": content_type}}
        return form.validate_page("documents", raw, {"rents_premises": True}).errors

    assert upload("application/pdf", 1000) == {}
    assert upload("application/zip", 1000) == {
        "lease_agreement": "Lease agreement must be a PDF or JPG or PNG"
    }
    assert upload("application/pdf", 6 * 1024 * 1024) == {
        "lease_agreement": "Lease agreement must be smaller than 5 MB"
    }
    assert upload("application/pdf", 0) == {"lease_agreement": "Lease agreement is empty"}
    assert form.validate_page("documents", {}, {"rents_premises": True}).errors == {
        "lease_agreement": "Upload the lease agreement"
    }


def test_registrations_follow_the_number_of_employees(form):
    answers = form.validate_page("your-business", BUSINESS, {}).answers
    assert [r.code for r in applicable_registrations(form, answers)] == [
        "business-licence",
        "taxpayer",
        "employer",
    ]
    none = form.validate_page("your-business", {**BUSINESS, "employees": "0"}, {}).answers
    assert [r.code for r in applicable_registrations(form, none)] == [
        "business-licence",
        "taxpayer",
    ]


def test_validate_all_finds_what_is_missing_before_submission(form):
    answers = form.validate_page("your-business", BUSINESS, {}).answers
    errors = form.validate_all(answers)
    assert set(errors) == {"full_name", "cid", "date_of_birth", "mobile"}


raw_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.text(max_size=5), max_size=3),
    st.fixed_dictionaries(
        {"day": st.text(max_size=3), "month": st.text(max_size=3), "year": st.text(max_size=5)}
    ),
    st.dictionaries(
        st.sampled_from(["name", "size", "content_type"]),
        st.one_of(st.text(max_size=10), st.integers()),
        max_size=3,
    ),
)


@pytest.mark.parametrize(
    "slug", ["register-business", "drone-permit", "bus-route-permit", "industrial-land-lease"]
)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_no_input_makes_a_page_raise_anything_but_the_engines_own_error(slug, data):
    service = demo_service(slug)
    form = Form(service, today=TODAY)
    for page in service.pages:
        typed = {f.code: data.draw(raw_values) for f in page.fields}
        try:
            result = form.validate_page(page.code, typed, {})
            form.visible_pages(result.answers)
            form.validate_all(result.answers)
        except EngineError:
            pass


def test_fields_prefilled_from_the_account_start_with_its_name_and_email(form):
    account = {"applicant.name": " Karma  Wangchuk ", "applicant.email": "karma@example.bt"}
    assert form.prefilled(account) == {"full_name": "Karma Wangchuk", "email": "karma@example.bt"}
    assert form.prefilled({"applicant.name": "", "applicant.email": "not an address"}) == {}


def test_the_schema_offers_prefill_only_from_what_an_account_holds():
    document = demo_document("register-business")
    document["pages"][0]["fields"][3]["prefill"] = "applicant.phone"
    assert any("prefill" in problem for problem in problems_of(document))


@pytest.mark.parametrize(
    "typed", ["Karma\x00Wangchuk", "Karma\nWangchuk", "Karma\x1b[2J", "\ud800"]
)
def test_control_characters_in_a_text_answer_are_refused_and_what_was_typed_is_kept(form, typed):
    result = form.validate_page("about-you", {**ABOUT_YOU, "full_name": typed}, {})
    assert result.errors == {
        "full_name": "Full name must not contain control characters or invisible codes: remove them"
    }
    assert result.typed["full_name"] == typed
    dzongkha = Form(demo_service("register-business"), language="dz", today=TODAY)
    assert (
        "ཚད་འཛིན"
        in dzongkha.validate_page("about-you", {"full_name": typed}, {}).errors["full_name"]
    )


def test_a_long_text_keeps_tabs_and_line_breaks_but_not_other_control_characters():
    lease = Form(demo_service("industrial-land-lease"), today=TODAY)
    plot = {"estate": "pasakha", "plot_area": "1000", "planned_investment": "100"}
    kept = lease.validate_page("plot", {**plot, "proposed_activity": "Weaving\r\n\tand dyeing"}, {})
    assert kept.answers["proposed_activity"] == "Weaving\n\tand dyeing"
    refused = lease.validate_page("plot", {**plot, "proposed_activity": "Weaving\x00"}, {})
    assert "control characters" in refused.errors["proposed_activity"]


def test_a_damaged_file_or_one_named_as_another_type_is_refused(form):
    def upload(**description):
        lease = {"name": "lease.pdf", "size": 1000, "content_type": "application/pdf"}
        raw = {"lease_agreement": {**lease, **description}}
        return form.validate_page("documents", raw, {"rents_premises": True}).errors

    assert upload() == {} and upload(name="LEASE.PDF") == {} and upload(name="lease") == {}
    assert upload(damaged=True) == {
        "lease_agreement": "Lease agreement cannot be read: the file is damaged or is not a real PDF"
    }
    assert "but its name ends otherwise" in upload(name="lease.png")["lease_agreement"]
    assert "but its name ends otherwise" in upload(name="lease.pdf.exe")["lease_agreement"]


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("Name of the species", "Enter the name of the species"),
        ("Your date of birth", "Enter your date of birth"),
        ("What will you sell?", "Enter an answer to “What will you sell?”"),
        ("CID number", "Enter the CID number"),
    ],
)
def test_a_required_message_names_the_question_as_a_sentence_would(label, said):
    from dzong.engine.texts import message

    assert message("required", "en", label=label) == said
    assert message("required", "dz", label=label) == f"{label} བཙུགས།"
