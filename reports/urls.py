from django.urls import path

from reports import campaign_views, pdf_views, views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("assessments/<int:pk>/report/", views.self_report, name="self_report"),
    path(
        "assessments/<int:pk>/report/reflections/<slug:component_key>/",
        views.save_reflection,
        name="save_reflection",
    ),
]

urlpatterns += [
    path(
        "campaigns/<int:pk>/teams/<int:team_pk>/",
        campaign_views.team_report,
        name="team_report",
    ),
    path(
        "campaigns/<int:pk>/organisation/",
        campaign_views.organisation_report,
        name="organisation_report",
    ),
    path("campaigns/<int:pk>/exports/", campaign_views.exports, name="campaign_exports"),
    path(
        "campaigns/<int:pk>/exports/<int:export_pk>/progress/",
        campaign_views.export_progress,
        name="campaign_export_progress",
    ),
    path(
        "campaigns/<int:pk>/exports/<int:export_pk>/download/",
        campaign_views.export_download,
        name="campaign_export_download",
    ),
]

urlpatterns += [
    path("assessments/<int:pk>/report.pdf", pdf_views.self_report_pdf, name="self_report_pdf"),
    path(
        "campaigns/<int:pk>/teams/<int:team_pk>/report.pdf",
        pdf_views.team_report_pdf,
        name="team_report_pdf",
    ),
    path(
        "campaigns/<int:pk>/organisation/pdf/",
        pdf_views.organisation_pdfs,
        name="organisation_pdfs",
    ),
    path(
        "campaigns/<int:pk>/organisation/pdf/<int:pdf_pk>/progress/",
        pdf_views.organisation_pdf_progress,
        name="organisation_pdf_progress",
    ),
    path(
        "campaigns/<int:pk>/organisation/pdf/<int:pdf_pk>/download/",
        pdf_views.organisation_pdf_download,
        name="organisation_pdf_download",
    ),
]
