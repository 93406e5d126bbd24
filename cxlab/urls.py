from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from accounts.views import LogIn, account, signup
from cxlab import health

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz/", health.ready, name="health"),
    path("healthz/live/", health.live, name="health_live"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/me/", account, name="account"),
    path("accounts/login/", LogIn.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("", include("organisations.urls")),
    path("", include("campaigns.urls")),
    path("", include("assessments.urls")),
    path("", include("actions.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
