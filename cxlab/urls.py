from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.generic import TemplateView

from accounts.views import (
    LogIn,
    PasswordReset,
    account,
    confirm_address,
    resend_confirmation,
    signup,
)
from cxlab import health
from cxlab.inputs import IdConverter

# "<id:pk>" in every app's URLs: an id no database column holds is a 404. Registered before
# the apps' URLs are included, which use it.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz/", health.ready, name="health"),
    path("healthz/live/", health.live, name="health_live"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/signup/", signup, name="signup"),
    path("accounts/me/", account, name="account"),
    path("accounts/login/", LogIn.as_view(), name="login"),
    path("accounts/password_reset/", PasswordReset.as_view(), name="password_reset"),
    path("accounts/confirm/", resend_confirmation, name="address_resend"),
    path("accounts/confirm/<str:uidb64>/<str:token>/", confirm_address, name="address_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("", include("organisations.urls")),
    path("", include("campaigns.urls")),
    path("", include("assessments.urls")),
    path("", include("actions.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
