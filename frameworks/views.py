from django.shortcuts import get_object_or_404, render

from frameworks.models import Framework


def framework_list(request):
    return render(request, "frameworks/list.html", {"frameworks": Framework.objects.all()})


def framework_detail(request, slug, version):
    framework = get_object_or_404(Framework, slug=slug, version=version)
    components = framework.components.prefetch_related("statements")
    return render(
        request, "frameworks/detail.html", {"framework": framework, "components": components}
    )
