from tests.matrix import Row, everyone

ROWS = [
    Row("home", expect=everyone(200)),
    Row("accessibility", expect=everyone(200, anonymous=200)),
    Row("login", expect=everyone(200, anonymous=200)),
    Row("logout", expect=everyone(200)),
    Row("logout", method="post", expect=everyone(302)),
    Row("password_change", expect=everyone(200)),
    Row("password_change_done", expect=everyone(200)),
]
