from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        # Django's own form, with the full-width colon the portal's forms use (core.forms.LABEL_SUFFIX;
        # accounts sits below core, so the one character is repeated here).
        return {**super().get_form_kwargs(), "label_suffix": "："}

    def form_valid(self, form):
        messages.success(self.request, "密码已修改。")
        return super().form_valid(form)
