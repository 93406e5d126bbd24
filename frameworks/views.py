from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks.files import InvalidFramework, export_framework, import_framework
from frameworks.forms import FrameworkFileForm
from frameworks.models import Framework

OUTCOMES = {
    "created": gettext_lazy("imported as a new framework"),
    "new version": gettext_lazy("imported as a new version: the one before is in use, so it stays"),
    "replaced": gettext_lazy("updated: no assessment or campaign had used it yet"),
    "unchanged": gettext_lazy("unchanged: the file is the same as the latest version"),
}


def framework_list(request):
    return render(request, "frameworks/list.html", {"frameworks": Framework.objects.all()})


def framework_detail(request, slug, version):
    framework = get_object_or_404(Framework, slug=slug, version=version)
    components = framework.components.prefetch_related("statements")
    return render(
        request,
        "frameworks/detail.html",
        {"framework": framework, "frameworks": [framework], "components": components},
    )


def framework_file(request, slug, version):
    framework = get_object_or_404(Framework, slug=slug, version=version)
    response = JsonResponse(
        export_framework(framework), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-v{version}.json"'
    return response


def framework_import(request):
    """Staff only: frameworks are shared by every organisation."""
    if not request.user.is_staff:
        raise Http404("Only staff import frameworks.")
    form = FrameworkFileForm(request.POST or None, request.FILES or None)
    found = []
    if form.is_valid():
        try:
            imported = import_framework(form.cleaned_data["file"])
        except InvalidFramework as invalid:
            found = invalid.problems
        else:
            framework = imported.framework
            messages.success(
                request,
                _("%(name)s version %(version)s: %(outcome)s.")
                % {
                    "name": framework.name,
                    "version": framework.version,
                    "outcome": OUTCOMES[imported.outcome],
                },
            )
            return redirect("framework_detail", slug=framework.slug, version=framework.version)
    return render(request, "frameworks/import.html", {"form": form, "problems": found})
