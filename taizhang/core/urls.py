"""Mounting of app URL modules: an app's `urls.py` declares `URL_PREFIX` ("units/", "ledger/" …)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path


def app_url_includes() -> list:
    patterns = []
    for config in apps.get_app_configs():
        if not config.name.startswith("taizhang."):
            continue
        module_name = f"{config.name}.urls"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        prefix = getattr(module, "URL_PREFIX", None)
        if prefix is None:
            continue
        patterns.append(path(prefix, include(module)))
    return patterns
