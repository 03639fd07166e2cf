from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错 5 次将锁定 1 小时。",
        "inactive": "该账号已停用，请联系上级主管部门。",
    }
