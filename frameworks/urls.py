from django.urls import path

from frameworks import views

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("import/", views.framework_import, name="framework_import"),
    path("<slug:slug>/v<id:version>/", views.framework_detail, name="framework_detail"),
    path("<slug:slug>/v<id:version>/framework.json", views.framework_file, name="framework_file"),
]
