"""The designer's addresses, under /designer/."""

from django.urls import path

from dzong.designer import (
    certificate_views,
    edit_views,
    library_views,
    parts_views,
    paths_views,
    preview_views,
    readiness,
    testrun_views,
    views,
    workflow_views,
)

app_name = "designer"

urlpatterns = [
    path("", views.services, name="services"),
    path("new/", views.new_service, name="new"),
    path("import/", views.import_file, name="import"),
    path("<slug:slug>/", views.service, name="service"),
    path("<slug:slug>/versions/<int:number>/publish/", views.publish, name="publish"),
    path("<slug:slug>/versions/<int:number>/draft/", views.new_draft, name="new_draft"),
    path("<slug:slug>/versions/<int:number>/again/", views.go_back, name="go_back"),
    path("<slug:slug>/versions/<int:number>/export/", views.export, name="export"),
    path("<slug:slug>/draft/", edit_views.draft, name="draft"),
    path("<slug:slug>/draft/arrange/", edit_views.arrange, name="arrange"),
    path("<slug:slug>/draft/pages/", edit_views.add_page, name="add_page"),
    path("<slug:slug>/draft/description/", edit_views.description, name="description"),
    path("<slug:slug>/draft/parts/<slug:part>/", edit_views.section, name="section"),
    path("<slug:slug>/draft/fields/new/", edit_views.field, name="new_field"),
    path("<slug:slug>/draft/fields/<str:code>/", edit_views.field, name="field"),
    path("<slug:slug>/draft/fees/new/", edit_views.fee, name="new_fee"),
    path("<slug:slug>/draft/fees/<slug:code>/", edit_views.fee, name="fee"),
    path("<slug:slug>/draft/workflow/", workflow_views.workflow, name="workflow"),
    path("<slug:slug>/draft/workflow/new/", workflow_views.step, name="new_step"),
    path("<slug:slug>/draft/workflow/<slug:code>/", workflow_views.step, name="step"),
    path(
        "<slug:slug>/draft/workflow/<slug:code>/remove/",
        workflow_views.remove_step,
        name="remove_step",
    ),
    path("<slug:slug>/draft/registrations/new/", parts_views.registration, name="new_registration"),
    path(
        "<slug:slug>/draft/registrations/<slug:code>/",
        parts_views.registration,
        name="registration",
    ),
    path("<slug:slug>/draft/messages/new/", parts_views.message, name="new_message"),
    path("<slug:slug>/draft/messages/<int:number>/", parts_views.message, name="message"),
    path(
        "<slug:slug>/draft/certificates/<slug:code>/specimen.pdf",
        certificate_views.specimen,
        name="specimen",
    ),
    path("<slug:slug>/draft/document/", edit_views.document, name="document"),
    # Documents, certificates, choice lists and roles through forms.
    path(
        "<slug:slug>/draft/documents/new/",
        parts_views.required_document,
        name="new_required_document",
    ),
    path(
        "<slug:slug>/draft/documents/<slug:code>/",
        parts_views.required_document,
        name="required_document",
    ),
    path(
        "<slug:slug>/draft/documents/<slug:code>/remove/",
        parts_views.remove_document,
        name="remove_document",
    ),
    path(
        "<slug:slug>/draft/certificates/new/", certificate_views.certificate, name="new_certificate"
    ),
    path(
        "<slug:slug>/draft/certificates/<slug:code>/",
        certificate_views.certificate,
        name="certificate",
    ),
    path("<slug:slug>/draft/choice-lists/new/", parts_views.choice_list, name="new_choice_list"),
    path(
        "<slug:slug>/draft/choice-lists/<slug:code>/", parts_views.choice_list, name="choice_list"
    ),
    path("<slug:slug>/draft/roles/new/", parts_views.role, name="new_role"),
    path("<slug:slug>/draft/roles/<slug:code>/", parts_views.role, name="role"),
    # Checks of a form's unsaved change, posted as the designer types; nothing is saved.
    *[
        path(f"<slug:slug>/draft/{place}check/", view, {"checking": True}, name=f"check_{name}")
        for place, view, name in (
            ("description/", edit_views.description, "description"),
            ("document/", edit_views.document, "document"),
            ("fields/new/", edit_views.field, "new_field"),
            ("fields/<str:code>/", edit_views.field, "field"),
            ("fees/new/", edit_views.fee, "new_fee"),
            ("fees/<slug:code>/", edit_views.fee, "fee"),
            ("workflow/new/", workflow_views.step, "new_step"),
            ("workflow/<slug:code>/", workflow_views.step, "step"),
            ("registrations/new/", parts_views.registration, "new_registration"),
            ("registrations/<slug:code>/", parts_views.registration, "registration"),
            ("messages/new/", parts_views.message, "new_message"),
            ("messages/<int:number>/", parts_views.message, "message"),
            ("documents/new/", parts_views.required_document, "new_required_document"),
            ("documents/<slug:code>/", parts_views.required_document, "required_document"),
            ("certificates/new/", certificate_views.certificate, "new_certificate"),
            ("certificates/<slug:code>/", certificate_views.certificate, "certificate"),
            ("choice-lists/new/", parts_views.choice_list, "new_choice_list"),
            ("choice-lists/<slug:code>/", parts_views.choice_list, "choice_list"),
            ("roles/new/", parts_views.role, "new_role"),
            ("roles/<slug:code>/", parts_views.role, "role"),
        )
    ],
    path("<slug:slug>/draft/paths/", paths_views.paths, name="paths"),
    path("<slug:slug>/draft/readiness/", readiness.readiness, name="readiness"),
    path("<slug:slug>/draft/library/", library_views.library, name="library"),
    path("<slug:slug>/draft/preview/", preview_views.preview, name="preview"),
    path("<slug:slug>/draft/preview-end/", preview_views.preview_end, name="preview_end"),
    path("<slug:slug>/draft/preview/<slug:page>/", preview_views.preview, name="preview_page"),
    # Test runs of a draft: applied through the portal's form, walked through every role here;
    # last, so that a service's own addresses win (a service may be called test-runs).
    path("<slug:slug>/draft/test-runs/", testrun_views.test_runs, name="test_runs"),
    path("test-runs/<str:reference>/", testrun_views.test_run, name="test_run"),
    path("test-runs/<str:reference>/tasks/<int:task>/", testrun_views.act, name="test_run_act"),
    path(
        "test-runs/<str:reference>/certificates/<int:pk>/",
        testrun_views.certificate,
        name="test_run_certificate",
    ),
    path("test-runs/<str:reference>/remove/", testrun_views.remove, name="test_run_remove"),
]
