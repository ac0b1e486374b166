"""Site URLs. Each taizhang app with a `urls` module is mounted at its `URL_PREFIX` (see taizhang.core.apps)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from taizhang.api.api import api
from taizhang.core import views as core_views
from taizhang.core.urls import app_url_includes

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    *app_url_includes(),
]

handler400 = "taizhang.core.views.bad_request"
handler403 = "taizhang.core.views.permission_denied"
handler404 = "taizhang.core.views.page_not_found"
handler500 = "taizhang.core.views.server_error"

__all__ = ["include"]
