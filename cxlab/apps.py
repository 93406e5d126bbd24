from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """Collect only the front-end files cxlab serves: the packages that bring Bootstrap and
    plotly.js also ship unminified builds, data sets and notebook widgets (50 MB)."""

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "bootstrap-*",
        "*.rtl.*",
        "bootstrap.css*",
        "bootstrap.js*",
        "bootstrap.esm*",
        "bootstrap.min.js*",
        "bootstrap.bundle.js*",
        "datasets",
        "templates",
        "widgetbundle.js",
    ]
