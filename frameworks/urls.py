from django.urls import path

from frameworks import views

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<slug:slug>/v<int:version>/", views.framework_detail, name="framework_detail"),
]
