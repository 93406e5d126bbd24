from django.urls import path

from reports import account_views, campaign_views, pdf_views, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    # A person's own data, and their account's deletion: they read every app.
    path("accounts/me/data/", account_views.download, name="account_data"),
    path("accounts/me/delete/", account_views.delete, name="account_delete"),
    path("assessments/<id:pk>/report/", views.self_report, name="self_report"),
    path(
        "assessments/<id:pk>/report/reflections/<slug:component_key>/",
        views.save_reflection,
        name="save_reflection",
    ),
]

urlpatterns += [
    path(
        "campaigns/<id:pk>/teams/<id:team_pk>/",
        campaign_views.team_report,
        name="team_report",
    ),
    path(
        "campaigns/<id:pk>/organisation/",
        campaign_views.organisation_report,
        name="organisation_report",
    ),
    path("campaigns/<id:pk>/exports/", campaign_views.exports, name="campaign_exports"),
    path(
        "campaigns/<id:pk>/exports/<id:export_pk>/progress/",
        campaign_views.export_progress,
        name="campaign_export_progress",
    ),
    path(
        "campaigns/<id:pk>/exports/<id:export_pk>/download/",
        campaign_views.export_download,
        name="campaign_export_download",
    ),
]

urlpatterns += [
    path("assessments/<id:pk>/report.pdf", pdf_views.self_report_pdf, name="self_report_pdf"),
    path(
        "campaigns/<id:pk>/teams/<id:team_pk>/report.pdf",
        pdf_views.team_report_pdf,
        name="team_report_pdf",
    ),
    path(
        "campaigns/<id:pk>/organisation/pdf/",
        pdf_views.organisation_pdfs,
        name="organisation_pdfs",
    ),
    path(
        "campaigns/<id:pk>/organisation/pdf/<id:pdf_pk>/progress/",
        pdf_views.organisation_pdf_progress,
        name="organisation_pdf_progress",
    ),
    path(
        "campaigns/<id:pk>/organisation/pdf/<id:pdf_pk>/download/",
        pdf_views.organisation_pdf_download,
        name="organisation_pdf_download",
    ),
]
